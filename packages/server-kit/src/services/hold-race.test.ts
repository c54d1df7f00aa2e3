import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../create-admit.js";
import type { PaymentProvider } from "../providers/payment-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-stores.js";

// Holds never reach a provider; this one refuses to be used.
const noProvider = new Proxy({ name: "none", captureMode: "automatic" } as PaymentProvider, {
  get: (target, key) =>
    key in target
      ? target[key as keyof PaymentProvider]
      : () => Promise.reject(new Error("unused")),
});

const CAPACITY = 5;
const PROCESSES = 4;
const BUYERS = 24;

/**
 * `PROCESSES` kits, each with its own connection pool on the same database (as separate server
 * processes would be), and `BUYERS` concurrent one-seat holds for a tier of `CAPACITY` seats.
 */
async function race(
  db: TestDatabase,
  eventId: string,
  unsafe: boolean,
): Promise<{ granted: number; held: number }> {
  const kits: Admit[] = Array.from({ length: PROCESSES }, () =>
    createAdmit({
      store: db.connect({ max: BUYERS / PROCESSES }),
      providers: [noProvider],
      authorize: testAuthorize,
      unsafeDisableCapacityLock: unsafe,
      rateLimit: { holdsPerMinute: 1000, requestsPerMinute: 1000 },
    }),
  );
  await createEventDirect(kits[0]!, eventId, { capacity: CAPACITY });
  await Promise.all(kits.map((k) => k.migrate()));
  // Warm every pool so the race is between open connections, not between connects.
  await Promise.all(kits.map((k) => kitRequest(k, "GET", `/events/${eventId}`)));
  const answers = await Promise.all(
    Array.from({ length: BUYERS }, (_, i) =>
      kitRequest(kits[i % PROCESSES]!, "POST", "/holds", {
        body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
        ip: `198.51.100.${i + 1}`,
      }),
    ),
  );
  await Promise.all(kits.map((k) => k.close()));
  for (const a of answers) expect([201, 409]).toContain(a.status);
  const [row] = await db.store.query<{ held: number }>(
    `select coalesce(sum(i.quantity), 0)::int as held from admit_hold_items i join admit_holds h on h.id = i.hold_id
     where i.event_id = $1 and h.status = 'active' and h.expires_at > now()`,
    [eventId],
  );
  return { granted: answers.filter((a) => a.status === 201).length, held: row!.held };
}

describe("holds are atomic across processes (real PostgreSQL)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
  });
  afterAll(() => db?.drop());

  test("many concurrent holds from separate connections never get more than the capacity", async () => {
    for (let round = 0; round < 3; round++) {
      const { granted, held } = await race(db, `race-${round}`, false);
      expect(granted).toBe(CAPACITY);
      expect(held).toBe(CAPACITY);
    }
  });

  test("control: the same race with the row locks switched off oversells", async () => {
    // A race test that cannot fail proves nothing: without the protection, some round must oversell.
    let worst = 0;
    for (let round = 0; round < 5 && worst <= CAPACITY; round++) {
      const { held } = await race(db, `control-${round}`, true);
      worst = Math.max(worst, held);
    }
    expect(worst).toBeGreaterThan(CAPACITY);
  });
});

describe("holds on PGlite (one process)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
  });
  afterAll(() => db?.drop());

  test("concurrent holds never get more than the capacity", async () => {
    const admit = createAdmit({
      store: db.store,
      providers: [noProvider],
      authorize: testAuthorize,
    });
    await createEventDirect(admit, "solo", { capacity: CAPACITY });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        kitRequest(admit, "POST", "/holds", {
          body: { eventId: "solo", items: [{ tierId: "ga", quantity: 1 }] },
          ip: `198.51.100.${i + 1}`,
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(CAPACITY);
  });
});

const CAP = 4;
const EVENTS = 12;
let clients = 0;

/**
 * `PROCESSES` kits on the same database and ONE client IP sending `EVENTS` concurrent one-seat
 * holds, one per event (so no tier lock serializes them: only the per-client lock can).
 */
async function clientRace(
  db: TestDatabase,
  round: string,
  unsafe: boolean,
): Promise<{ granted: number; held: number; statuses: number[] }> {
  const kits: Admit[] = Array.from({ length: PROCESSES }, () =>
    createAdmit({
      store: db.connect({ max: EVENTS / PROCESSES }),
      providers: [noProvider],
      authorize: testAuthorize,
      maxHeldSeatsPerClient: CAP,
      unsafeDisablePerClientLock: unsafe,
      rateLimit: { holdsPerMinute: 1000, requestsPerMinute: 1000 },
    }),
  );
  await Promise.all(kits.map((k) => k.migrate()));
  const eventIds = Array.from({ length: EVENTS }, (_, i) => `${round}-${i}`);
  for (const eventId of eventIds) await createEventDirect(kits[0]!, eventId, { capacity: 10 });
  await Promise.all(kits.map((k) => kitRequest(k, "GET", `/events/${eventIds[0]}`)));
  // A fresh client per round: earlier rounds' holds still count against their client's cap.
  const ip = `198.51.100.${100 + ++clients}`;
  const answers = await Promise.all(
    eventIds.map((eventId, i) =>
      kitRequest(kits[i % PROCESSES]!, "POST", "/holds", {
        body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
        ip,
      }),
    ),
  );
  await Promise.all(kits.map((k) => k.close()));
  for (const a of answers)
    if (a.status !== 201) expect(a.body).toMatchObject({ code: "limit_exceeded" });
  const [row] = await db.store.query<{ held: number }>(
    `select coalesce(sum(i.quantity), 0)::int as held from admit_hold_items i join admit_holds h on h.id = i.hold_id
     where h.event_id like $1 and h.status = 'active' and h.expires_at > now()`,
    [`${round}-%`],
  );
  return {
    granted: answers.filter((a) => a.status === 201).length,
    held: row!.held,
    statuses: answers.map((a) => a.status),
  };
}

describe("the per-client cap on held seats holds across processes (real PostgreSQL)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
  });
  afterAll(() => db?.drop());

  test("many concurrent holds from one client IP over separate connections never hold more than maxHeldSeatsPerClient", async () => {
    for (let round = 0; round < 3; round++) {
      const result = await clientRace(db, `client-${round}`, false);
      console.info(`per-client cap race round ${round}: ${JSON.stringify(result)}`);
      expect(result.granted).toBe(CAP);
      expect(result.held).toBe(CAP);
    }
  });

  test("control: the same race without the per-client lock holds more than the cap", async () => {
    // A race test that cannot fail proves nothing: without the lock, some round must exceed the cap.
    let worst = 0;
    for (let round = 0; round < 5 && worst <= CAP; round++) {
      const result = await clientRace(db, `client-control-${round}`, true);
      console.info(`per-client cap race control round ${round}: ${JSON.stringify(result)}`);
      worst = Math.max(worst, result.held);
    }
    expect(worst).toBeGreaterThan(CAP);
  });
});
