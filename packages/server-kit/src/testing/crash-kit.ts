import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type Admit, createAdmit } from "../create-admit.js";
import { generateWebhookSecret } from "../providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import { createSandboxService } from "../providers/sandbox/sandbox-service.js";
import { testAuthorize } from "./kit-request.js";
import { createTestDatabase, TEST_DATABASE_URL } from "./test-stores.js";

const HOST = fileURLToPath(new URL("./crash-host.ts", import.meta.url));

/** Start the crash host (`crash-host.ts`) as a child process; answers it and its base URL. */
export async function startCrashHost(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", HOST], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening (\S+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once("exit", (code) => reject(new Error(`crash host exited with ${code}`)));
  });
  return { child, url };
}

/** Which provider request the proxy stalls, and whether the provider gets it first. */
export interface StallOptions {
  /** The first request this matches is never answered. */
  stall: (method: string, path: string) => boolean;
  /**
   * Pass that request on to the provider (which then acts on it) before not answering it: the
   * host then crashes after the provider did the work, not before.
   * @default false
   */
  forward?: boolean;
}

/**
 * A provider in front of `target` that never answers the first request `stall` matches (and
 * says when it arrived): the host asking is then mid-request, waiting for the provider.
 */
export async function stallingProxy(target: string, options: StallOptions) {
  let stalling = false;
  let arrived!: () => void;
  const stalled = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const pass = async (request: IncomingMessage, chunks: Buffer[]) =>
    fetch(`${target}${request.url}`, {
      method: request.method!,
      headers: Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host",
        ),
      ),
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (!stalling && options.stall(request.method!, request.url!)) {
      stalling = true;
      if (options.forward) await (await pass(request, chunks)).arrayBuffer();
      arrived();
      return; // never answered
    }
    const answer = await pass(request, chunks);
    response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "" });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Resolves once the stalled request arrived (and, with `forward`, the provider answered it). */
    stalled,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A request to `admit` as if mounted at `/admit`, like the crash host: an Idempotency-Key's scope
 * is the method and the full path, so a retry must come through the same mount path to meet the
 * crashed request's key.
 */
export async function mountedRequest(
  admit: Admit,
  path: string,
  options: { body: unknown; token: string; key: string },
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field.
): Promise<{ status: number; body: any }> {
  const response = await admit.handle(
    new Request(`http://kit.test/admit${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${options.token}`,
        "idempotency-key": options.key,
      },
      body: JSON.stringify(options.body),
    }),
    { basePath: "/admit", clientIp: "192.0.2.96" },
  );
  return { status: response.status, body: await response.json() };
}

/**
 * Everything a crash test needs: a PostgreSQL schema, the sandbox behind a {@link stallingProxy},
 * the kit that answers the retry (another process would do the same, on the same database),
 * and {@link CrashRig.startHost} for the host to kill. `close()` kills hosts still running.
 */
export async function createCrashRig(stall: StallOptions) {
  const webhookSecret = generateWebhookSecret();
  const db = await createTestDatabase("postgres");
  const sandbox = createSandboxService({
    apiKey: "sk_crash",
    webhookSecret,
    publicUrl: "http://127.0.0.1:0",
    webhooks: false,
  });
  const sandboxUrl = (await sandbox.listen()).url.replace(/\/$/, "");
  const proxy = await stallingProxy(sandboxUrl, stall);
  const admit = createAdmit({
    store: db.connect(),
    providers: [sandboxProvider({ url: proxy.url, apiKey: "sk_crash", webhookSecret })],
    authorize: testAuthorize,
    allowedOrigins: ["https://shop.example"],
  });
  const hosts: ChildProcess[] = [];
  return {
    db,
    sandboxUrl,
    proxy,
    admit,
    /** The crash host on the same schema and provider; killed in `close()` if still running. */
    async startHost() {
      const host = await startCrashHost({
        ADMIT_DATABASE_URL: TEST_DATABASE_URL,
        ADMIT_SCHEMA: db.schema!,
        ADMIT_PROVIDER_URL: proxy.url,
        ADMIT_PROVIDER_KEY: "sk_crash",
        ADMIT_WEBHOOK_SECRET: webhookSecret,
        ADMIT_ALLOWED_ORIGINS: "https://shop.example",
      });
      hosts.push(host.child);
      return host;
    },
    async close() {
      for (const host of hosts)
        if (host.exitCode === null && host.signalCode === null) host.kill("SIGKILL");
      await admit.close();
      await proxy.close();
      await sandbox.close();
      await db.drop();
    },
  };
}

export type CrashRig = Awaited<ReturnType<typeof createCrashRig>>;
