// The adapters send a long answer (a CSV export pages through the database) as it is made, not
// after reading it whole; a one-piece answer keeps its Content-Length; a client that leaves
// mid-answer stops the kit's stream and is nobody's error.
import { request as httpRequest } from "node:http";
import express from "express";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Admit } from "../create-admit.js";
import { createAdmit } from "../create-admit.js";
import { generateWebhookSecret } from "../providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import { createPgliteStore } from "../store/pglite-store.js";
import { admitRouter } from "./express.js";
import { admitFrameworkErrors, admitPlugin } from "./fastify.js";

/** A kit whose answers the test makes: `/slow` streams until released, `/json` is one piece. */
function scriptedKit(errors: unknown[]) {
  const kit = createAdmit({
    store: createPgliteStore(),
    providers: [
      sandboxProvider({
        url: "http://127.0.0.1:9",
        apiKey: "sk",
        webhookSecret: generateWebhookSecret(),
      }),
    ],
    onError: (error) => errors.push(error),
  });
  let release: () => void = () => {};
  let cancelled = false;
  const admit: Admit = {
    ...kit,
    async handle(request) {
      if (new URL(request.url).pathname.endsWith("/json"))
        return Response.json({ ok: true }, { headers: { "content-type": "application/json" } });
      cancelled = false;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === 2) await gate; // the rest only once the test saw the first rows arrive
          if (sent === 4) return controller.close();
          controller.enqueue(new TextEncoder().encode(`row ${sent++}\r\n`));
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8" } });
    },
  };
  return { admit, release: () => release(), wasCancelled: () => cancelled, close: kit.close };
}

/** GET `url`; resolves with the response head and a reader of its body chunks. */
function get(url: string) {
  return new Promise<{
    headers: Record<string, string | string[] | undefined>;
    chunks: AsyncIterator<Buffer>;
    destroy(): void;
  }>((resolve, reject) => {
    const req = httpRequest(url, (res) =>
      resolve({
        headers: res.headers,
        chunks: res[Symbol.asyncIterator](),
        destroy: () => req.destroy(),
      }),
    );
    req.on("error", reject);
    req.end();
  });
}

describe.each(["express", "fastify"] as const)("answers sent through %s", (framework) => {
  const errors: unknown[] = [];
  const kit = scriptedKit(errors);
  let base: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    if (framework === "express") {
      const app = express();
      app.use("/admit", admitRouter(kit.admit));
      const server = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}/admit`;
      stop = async () => {
        server.closeAllConnections();
        server.close();
      };
    } else {
      const app = Fastify({ frameworkErrors: admitFrameworkErrors("/admit") });
      await app.register(admitPlugin, { prefix: "/admit", admit: kit.admit });
      await app.listen({ port: 0, host: "127.0.0.1" });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/admit`;
      stop = () => app.close();
    }
  });
  afterAll(async () => {
    await stop();
    await kit.close();
  });

  test("a long answer arrives as it is made, without Content-Length", async () => {
    const answer = await get(`${base}/slow`);
    expect(answer.headers["content-length"]).toBeUndefined();
    expect(answer.headers["transfer-encoding"]).toBe("chunked");
    // The first rows are here while the kit still holds back the rest: nothing waited for the end.
    let text = "";
    while (!text.includes("row 1")) text += String((await answer.chunks.next()).value);
    expect(text).toBe("row 0\r\nrow 1\r\n");
    kit.release();
    for (let next = await answer.chunks.next(); !next.done; next = await answer.chunks.next())
      text += String(next.value);
    expect(text).toBe("row 0\r\nrow 1\r\nrow 2\r\nrow 3\r\n");
  });

  test("a one-piece answer keeps its Content-Length", async () => {
    const answer = await get(`${base}/json`);
    expect(answer.headers["content-length"]).toBe(String('{"ok":true}'.length));
    let text = "";
    for (let next = await answer.chunks.next(); !next.done; next = await answer.chunks.next())
      text += String(next.value);
    expect(JSON.parse(text)).toEqual({ ok: true });
  });

  test("a client that leaves mid-answer stops the kit's stream and reaches no onError", async () => {
    errors.length = 0;
    const answer = await get(`${base}/slow`);
    await answer.chunks.next();
    answer.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    kit.release();
    for (let i = 0; i < 40 && !kit.wasCancelled(); i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(kit.wasCancelled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
