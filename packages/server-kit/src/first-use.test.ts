// A host that never calls migrate(): whatever reaches the kit first, nothing touches a table
// before the one migration run has finished, and a failed run is reported once and retried.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "./create-admit.js";
import { sandboxProvider } from "./providers/sandbox/sandbox-provider.js";
import { createPostgresStore } from "./store/postgres-store.js";
import { startTcpProxy } from "./testing/tcp-proxy.js";
import { createTestDatabase, STORE_KINDS, TEST_DATABASE_URL } from "./testing/test-stores.js";

const BASE = "http://kit.test/admit";
const TOKEN = "Bearer staff-token";
const EVENT = {
  name: "Spring gala",
  startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  currency: "EUR",
  tiers: [{ id: "ga", name: "Standing", price: { amount: 4500, currency: "EUR" }, capacity: 10 }],
};

function kitOn(store: Parameters<typeof createAdmit>[0]["store"], errors: unknown[]): Admit {
  return createAdmit({
    store,
    // Never called in these tests: no checkout reaches the provider.
    providers: [
      sandboxProvider({
        url: "http://127.0.0.1:9",
        apiKey: "sk",
        webhookSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      }),
    ],
    authorize: (request) =>
      request.headers.get("authorization") === TOKEN ? { id: "u1", name: "Box office" } : null,
    onError: (error) => errors.push(error),
  });
}

function putEvent(id: string, token?: string): Request {
  return new Request(`${BASE}/admin/events/${id}`, {
    method: "PUT",
    headers: {
      "content-type": "application/json",
      "idempotency-key": crypto.randomUUID(),
      ...(token ? { authorization: token } : {}),
    },
    body: JSON.stringify(EVENT),
  });
}

const handle = (admit: Admit, request: Request) => admit.handle(request, { basePath: "/admit" });

// Deliveries run after the answer; close() waits for them, so onError has seen everything.
const settle = (admit: Admit) => admit.close();

describe.each(STORE_KINDS)("first use without migrate() on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  test("a refused first request, then a valid admin write: 401, 201 and onError stays silent", async () => {
    const db = await createTestDatabase(kind);
    cleanups.push(() => db.drop());
    const errors: unknown[] = [];
    const admit = kitOn(db.store, errors);
    expect((await handle(admit, putEvent("e0"))).status).toBe(401);
    expect((await handle(admit, putEvent("e1", TOKEN))).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await settle(admit);
    expect(errors).toEqual([]);
  });

  test("first requests of every kind at once on a fresh database: none fails, onError stays silent", async () => {
    const db = await createTestDatabase(kind);
    cleanups.push(() => db.drop());
    const errors: unknown[] = [];
    const admit = kitOn(db.store, errors);
    const json = { "content-type": "application/json" };
    const requests = [
      putEvent("e0"),
      putEvent("e1", TOKEN),
      new Request(`${BASE}/events/e1`),
      new Request(`${BASE}/events/nope`),
      new Request(`${BASE}/holds`, {
        method: "POST",
        headers: { ...json, "idempotency-key": "k1" },
        body: JSON.stringify({ eventId: "nope", items: [{ tierId: "ga", quantity: 1 }] }),
      }),
      new Request(`${BASE}/webhooks/sandbox`, { method: "POST", headers: json, body: "{}" }),
      new Request(`${BASE}/orders/ord_x`, { headers: { authorization: "Bearer t" } }),
      new Request(`${BASE}/admin/orders`, { headers: { authorization: TOKEN } }),
      new Request(`${BASE}/admin/orders`),
      new Request(`${BASE}/holds`, { method: "OPTIONS" }),
    ];
    const answers = await Promise.all([
      ...requests.map((r) => handle(admit, r)),
      admit.reconcilePending(),
    ]);
    for (const answer of answers)
      if (answer instanceof Response) expect(answer.status).toBeLessThan(500);
    await settle(admit);
    expect(errors).toEqual([]);
  });
});

describe("a migration that fails", () => {
  test("is reported once with a clear message, answered 503 busy, and tried again on the next use", async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const schema = `admit_test_${randomBytes(6).toString("hex")}`;
    const url = new URL(TEST_DATABASE_URL);
    url.host = proxy.address;
    const errors: unknown[] = [];
    const admit = kitOn(createPostgresStore({ connectionString: url.href, schema }), errors);
    try {
      proxy.cut();
      const [reconciled, ...down] = await Promise.all([
        admit.reconcilePending().catch((error: unknown) => error),
        ...Array.from({ length: 5 }, (_, i) => handle(admit, putEvent(`down${i}`, TOKEN))),
      ]);
      expect(String(reconciled)).toMatch(/Failed to migrate/);
      for (const answer of down as Response[]) {
        expect(answer.status).toBe(503);
        expect((await answer.json()).code).toBe("busy");
        expect(answer.headers.get("retry-after")).toBeTruthy();
      }
      // Five requests and a reconcile waited for one failed run: one report, not six.
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toMatch(
        /^Error: @admit\/server-kit: Failed to migrate the database.*Make sure/,
      );
      proxy.restore();
      expect((await handle(admit, putEvent("up", TOKEN))).status).toBe(201);
      await settle(admit);
      expect(errors).toHaveLength(1);
    } finally {
      await admit.close();
      await proxy.close();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });
});
