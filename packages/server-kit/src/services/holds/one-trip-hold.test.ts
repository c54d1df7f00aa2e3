import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../../create-admit.js";
import type { PaymentProvider } from "../../providers/payment-provider.js";
import type { Store } from "../../store/store.js";
import { createEventDirect, kitRequest, testAuthorize } from "../../testing/kit-request.js";
import {
  createTestDatabase,
  STORE_KINDS,
  TEST_DATABASE_URL,
  type TestDatabase,
} from "../../testing/test-stores.js";

// Holds never reach a provider.
const noProvider = { name: "none", captureMode: "automatic" } as PaymentProvider;

/** `store`, with every statement it runs recorded, and the commit setting of each `admit_hold`. */
function recordingStore(store: Store) {
  const statements: string[] = [];
  const holdCommits: string[] = [];
  const recorded: Store = {
    ...store,
    async query(sql, params) {
      statements.push(sql);
      if (!sql.includes("admit_hold(")) return store.query(sql, params);
      // Run it in a transaction of its own to read what the function set for its commit.
      return store.transaction(async (tx) => {
        const rows = await tx.query(sql, params);
        const [setting] = await tx.query<{ value: string }>(
          "select current_setting('synchronous_commit') as value",
        );
        holdCommits.push(setting!.value);
        return rows as never;
      });
    },
    transaction: (work) => {
      statements.push("begin");
      return store.transaction(work);
    },
  };
  return { store: recorded, statements, holdCommits };
}

describe.each(STORE_KINDS)("a hold in one round trip on %s", (kind) => {
  let db: TestDatabase;
  let recorder: ReturnType<typeof recordingStore>;
  let admit: Admit;
  let other: Admit;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    recorder = recordingStore(db.store);
    const options = {
      providers: [noProvider],
      authorize: testAuthorize,
      rateLimit: { holdsPerMinute: 1_000 },
      maxHeldSeatsPerClient: 100,
    };
    admit = createAdmit({ ...options, store: recorder.store });
    // Another process on the same database: its own settings, its own caches.
    other = createAdmit({ ...options, store: db.store });
  });
  afterAll(async () => {
    await admit?.close();
    await other?.close();
    await db?.drop();
  });
  const hold = (kit: Admit, eventId: string, quantity = 1, key?: string) =>
    kitRequest(kit, "POST", "/holds", {
      body: { eventId, items: [{ tierId: "ga", quantity }] },
      ip: "198.51.100.7",
      ...(key ? { key } : {}),
    });
  const price = (kit: Admit, eventId: string, amount: number) =>
    kitRequest(kit, "PUT", `/admin/events/${eventId}`, {
      token: "admin-secret",
      body: {
        name: "Repriced",
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        currency: "EUR",
        tiers: [{ id: "ga", name: "GA", capacity: 50, price: { amount, currency: "EUR" } }],
      },
    });

  test("once the event's settings are known, a hold is one statement that keeps its answer", async () => {
    await createEventDirect(admit, "one-trip", { capacity: 50 });
    expect((await hold(admit, "one-trip")).status).toBe(201);
    recorder.statements.length = 0;
    const second = await hold(admit, "one-trip", 2, "one-trip-key");
    expect(second.status).toBe(201);
    // After the answer, every write starts the notification delivery pass (coalesced under load).
    const ownStatements = recorder.statements.filter(
      (sql) => !sql.includes("admit_order_notifications"),
    );
    expect(ownStatements).toEqual([expect.stringContaining("admit_hold(")]);
    expect(second.body).toMatchObject({
      eventId: "one-trip",
      items: [{ tierId: "ga", quantity: 2 }],
      total: { amount: 2000, currency: "EUR" },
      status: "active",
    });
    expect(Date.parse(second.body.expiresAt) - Date.parse(second.body.now)).toBe(600_000);
    // The answer was kept in the same statement: a retry gets it back, seats are taken once.
    expect((await hold(admit, "one-trip", 2, "one-trip-key")).body).toEqual(second.body);
    const [row] = await db.store.query<{ held: number }>(
      "select held from admit_tiers where event_id = 'one-trip'",
    );
    expect(row!.held).toBe(3);
  });

  test("a price changed by the admin, here or in another process, is charged at once", async () => {
    await createEventDirect(admit, "repriced", { capacity: 50 });
    expect((await hold(admit, "repriced")).body.total.amount).toBe(1000);
    expect((await price(other, "repriced", 1500)).status).toBe(200);
    // This kit priced with 1000 until now; the database tells it the settings moved.
    expect((await hold(admit, "repriced")).body.total.amount).toBe(1500);
    expect((await price(admit, "repriced", 1700)).status).toBe(200);
    expect((await hold(other, "repriced")).body.total.amount).toBe(1700);
  });

  test("sold out by the snapshot: answered, kept for retries, and no hold written", async () => {
    await createEventDirect(admit, "last-seat", { capacity: 1 });
    expect((await hold(admit, "last-seat")).status).toBe(201);
    const refused = await hold(admit, "last-seat", 1, "last-seat-late");
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: "sold_out",
      tiers: [{ tierId: "ga", remaining: 0 }],
    });
    const again = await hold(admit, "last-seat", 1, "last-seat-late");
    expect(again).toEqual(refused);
    const [row] = await db.store.query<{ holds: number }>(
      "select count(*)::int as holds from admit_holds where event_id = 'last-seat'",
    );
    expect(row!.holds).toBe(1);
  });

  test('holdCommit: "async" commits a hold without waiting for the flush, "sync" waits', async () => {
    await createEventDirect(admit, "commit-mode", { capacity: 50 });
    recorder.holdCommits.length = 0;
    await hold(admit, "commit-mode");
    await hold(admit, "commit-mode");
    const sync = recordingStore(db.store);
    const durable = createAdmit({
      store: sync.store,
      providers: [noProvider],
      authorize: testAuthorize,
      holdCommit: "sync",
    });
    try {
      expect((await hold(durable, "commit-mode")).status).toBe(201);
    } finally {
      await durable.close();
    }
    expect(recorder.holdCommits).toEqual(["off", "off"]);
    expect(sync.holdCommits).toEqual(["on"]);
  });

  test("holdCommit takes async or sync only", () => {
    expect(() =>
      createAdmit({
        store: db.store,
        providers: [noProvider],
        holdCommit: "later" as "sync",
      }),
    ).toThrow(/holdCommit.*"async" or "sync"/);
  });
});

describe("seats taken between the snapshot and the tier lock (real PostgreSQL)", () => {
  test("the hold is undone and the general path answers 409 sold_out, not 500", async () => {
    const db = await createTestDatabase("postgres");
    const admit = createAdmit({
      store: db.store,
      providers: [noProvider],
      authorize: testAuthorize,
    });
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await createEventDirect(admit, "gone", { capacity: 2 });
      const [{ schema } = { schema: "" }] = await db.store.query<{ schema: string }>(
        "select current_schema() as schema",
      );
      await blocker.query("begin");
      await blocker.query(`select 1 from ${schema}.admit_tiers where event_id = 'gone' for update`);
      // The hold passes the snapshot (2 seats free), writes its rows, and waits for the tier.
      const answer = kitRequest(admit, "POST", "/holds", {
        body: { eventId: "gone", items: [{ tierId: "ga", quantity: 1 }] },
        ip: "198.51.100.9",
      });
      for (let waited = 0; ; waited += 20) {
        // Asked on another connection: inside the blocker's transaction the view would not change.
        const waiting = await db.store.query(
          "select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%admit_hold(%'",
        );
        if (waiting.length > 0) break;
        if (waited > 5_000) throw new Error("the hold never waited for the tier lock");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Meanwhile the last seats go (as another buyer's hold would take them).
      await blocker.query(
        `update ${schema}.admit_tiers set held = capacity where event_id = 'gone'`,
      );
      await blocker.query("commit");
      const refused = await answer;
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: "sold_out",
        tiers: [{ tierId: "ga", remaining: 0 }],
      });
      const [row] = await db.store.query<{ holds: number }>(
        "select count(*)::int as holds from admit_holds where event_id = 'gone'",
      );
      expect(row!.holds).toBe(0);
    } finally {
      await blocker.end();
      await admit.close();
      await db.drop();
    }
  });
});
