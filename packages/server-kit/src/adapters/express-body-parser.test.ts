import type { Server } from "node:http";
import express, { type Express } from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../testing/test-harness.js";
import { admitRouter, CONSUMED_BODY_DETAIL } from "./express.js";

// A host that mounts express.json() globally, before the kit: the body is gone when the kit
// gets the request. The kit must say so (and what to change), not answer Express's HTML 500.
let h: Harness;
const errors: unknown[] = [];
beforeAll(async () => {
  h = await startHarness({ store: "pglite", kit: { onError: (error) => errors.push(error) } });
  await h.via.express.createEvent("parsed");
});
afterAll(() => h?.close());

async function listen(app: Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

function close(server: Server) {
  server.close();
  server.closeAllConnections();
}

const hold = (url: string) =>
  fetch(`${url}/admit/holds`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({ eventId: "parsed", items: [{ tierId: "ga", quantity: 1 }] }),
  });

describe("a global express.json() before admitRouter", () => {
  test("a kit POST answers problem+json saying what to change, reported to onError once", async () => {
    const app = express();
    app.use(express.json());
    app.use("/admit", admitRouter(h.admit));
    const { url, server } = await listen(app);
    try {
      errors.length = 0;
      for (let i = 0; i < 2; i++) {
        const answer = await hold(url);
        expect(answer.status).toBe(500);
        expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        const problem = await answer.json();
        expect(problem.code).toBe("internal_error");
        expect(problem.detail).toBe(CONSUMED_BODY_DETAIL);
        expect(problem.detail).toMatch(/mount admitRouter before express\.json\(\)/);
      }
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toBe(CONSUMED_BODY_DETAIL);
      // Reads still work: nothing consumed a GET's body.
      expect((await fetch(`${url}/admit/events/parsed`)).status).toBe(200);
    } finally {
      close(server);
    }
  });

  test("control: the same app with admitRouter mounted before express.json() creates the hold", async () => {
    const app = express();
    app.use("/admit", admitRouter(h.admit));
    app.use(express.json());
    const { url, server } = await listen(app);
    try {
      expect((await hold(url)).status).toBe(201);
    } finally {
      close(server);
    }
  });

  test("express.raw() before the router still works: a raw Buffer is the exact bytes", async () => {
    const app = express();
    app.use(express.raw({ type: "*/*" }));
    app.use("/admit", admitRouter(h.admit));
    const { url, server } = await listen(app);
    try {
      expect((await hold(url)).status).toBe(201);
    } finally {
      close(server);
    }
  });
});
