import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAdmit } from "../../create-admit.js";
import { startKitProcesses, unusedProvider, warmPools } from "../../testing/kit-processes.js";
import { createEventDirect, kitRequest, testAuthorize } from "../../testing/kit-request.js";
import { createTestDatabase, type TestDatabase } from "../../testing/test-stores.js";

const CAPACITY = 5;
const PROCESSES = 4;
const BUYERS = 24;
/** The crowd of the big race: one-seat holds for a tier of `RUSH_CAPACITY` seats. */
const RUSH_CAPACITY = 60;
const RUSH_ATTEMPTS = 1_000;
const RUSH_PROCESSES = 2;
const RUSH_IN_FLIGHT = 32;

/**
 * Remove both guards of a tier against overselling in this test's own schema: the
 * `admit_tiers_capacity` CHECK here, the row locks by `unsafeDisableCapacityLock` in the kits.
 */
async function dropCapacityCheck(db: TestDatabase): Promise<void> {
  await db.store.query("alter table admit_tiers drop constraint admit_tiers_capacity");
}

/** Seats held on `eventId` by live holds, counted from the items, and the tier's own counter. */
async function heldOn(db: TestDatabase, eventId: string) {
  const [row] = await db.store.query<{ held: number; counter: number }>(
    `select (select coalesce(sum(i.quantity), 0) from admit_hold_items i join admit_holds h on h.id = i.hold_id
       where i.event_id = $1 and h.status = 'active' and h.expires_at > now())::int as held,
       (select held from admit_tiers where event_id = $1 and id = 'ga') as counter`,
    [eventId],
  );
  return row!;
}

/**
 * `PROCESSES` kits, each with its own connection pool on the same database (as separate server
 * processes would be), and `BUYERS` concurrent one-seat holds for a tier of `CAPACITY` seats.
 */
async function race(
  db: TestDatabase,
  eventId: string,
  unsafe: boolean,
): Promise<{ granted: number; held: number }> {
  const kits = await startKitProcesses(db, PROCESSES, BUYERS / PROCESSES, {
    unsafeDisableCapacityLock: unsafe,
    rateLimit: { holdsPerMinute: 1000, requestsPerMinute: 1000 },
  });
  await createEventDirect(kits[0]!, eventId, { capacity: CAPACITY });
  await warmPools(kits, eventId);
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
  const { held } = await heldOn(db, eventId);
  return { granted: answers.filter((a) => a.status === 201).length, held };
}

/**
 * The on-sale rush: `RUSH_ATTEMPTS` one-seat holds, each from its own client address, spread
 * over `RUSH_PROCESSES` kits with separate pools, `RUSH_IN_FLIGHT` at a time.
 */
async function rush(db: TestDatabase, eventId: string, unsafe: boolean) {
  const kits = await startKitProcesses(db, RUSH_PROCESSES, RUSH_IN_FLIGHT / RUSH_PROCESSES, {
    unsafeDisableCapacityLock: unsafe,
    rateLimit: { holdsPerMinute: 100_000, requestsPerMinute: 100_000 },
  });
  await createEventDirect(kits[0]!, eventId, { capacity: RUSH_CAPACITY });
  await warmPools(kits, eventId);
  let next = 0;
  const statuses: number[] = [];
  const buyer = async () => {
    for (let i = next++; i < RUSH_ATTEMPTS; i = next++) {
      const answer = await kitRequest(kits[i % RUSH_PROCESSES]!, "POST", "/holds", {
        body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
        ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      });
      statuses.push(answer.status);
    }
  };
  await Promise.all(Array.from({ length: RUSH_IN_FLIGHT }, buyer));
  await Promise.all(kits.map((k) => k.close()));
  return {
    statuses,
    granted: statuses.filter((s) => s === 201).length,
    ...(await heldOn(db, eventId)),
  };
}

describe("holds are atomic across processes (real PostgreSQL)", () => {
  let db: TestDatabase;
  let unguarded: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    unguarded = await createTestDatabase("postgres");
    await createAdmit({ store: unguarded.store, providers: [unusedProvider] }).migrate();
    await dropCapacityCheck(unguarded);
  });
  afterAll(async () => {
    await db?.drop();
    await unguarded?.drop();
  });

  test("1,000 holds from separate clients over two processes get exactly the capacity, and the counter agrees", async () => {
    const result = await rush(db, "rush", false);
    console.info(`rush: ${RUSH_ATTEMPTS} attempts, ${result.granted} granted, held ${result.held}`);
    for (const status of result.statuses) expect([201, 409]).toContain(status);
    expect(result.granted).toBe(RUSH_CAPACITY);
    expect(result.held).toBe(RUSH_CAPACITY);
    expect(result.counter).toBe(RUSH_CAPACITY);
  });

  test("control: the same rush without the row locks and without the CHECK oversells", async () => {
    // The check and the take are microseconds apart in one statement: a round may get through
    // without a collision, so up to five rounds, and some round must oversell.
    let worst = { held: 0, counter: 0 };
    for (let round = 0; round < 5 && worst.held <= RUSH_CAPACITY; round++) {
      const result = await rush(unguarded, `rush-control-${round}`, true);
      console.info(`rush control round ${round}: ${result.granted} granted, held ${result.held}`);
      if (result.held > worst.held) worst = result;
    }
    expect(worst.held).toBeGreaterThan(RUSH_CAPACITY);
    // The counter is still exact (the triggers keep it): only the check-then-insert raced.
    expect(worst.counter).toBe(worst.held);
  });

  test("without the row locks, the CHECK alone still refuses to oversell", async () => {
    const result = await rush(db, "rush-check-only", true);
    expect(result.held).toBe(RUSH_CAPACITY);
    for (const status of result.statuses) expect([201, 409, 503]).toContain(status);
  });

  test("many concurrent holds from separate connections never get more than the capacity", async () => {
    for (let round = 0; round < 3; round++) {
      const { granted, held } = await race(db, `race-${round}`, false);
      expect(granted).toBe(CAPACITY);
      expect(held).toBe(CAPACITY);
    }
  });

  test("control: the same race with the row locks and the CHECK switched off oversells", async () => {
    // A race test that cannot fail proves nothing: without the protection, some round must oversell.
    let worst = 0;
    for (let round = 0; round < 5 && worst <= CAPACITY; round++) {
      const { held } = await race(unguarded, `control-${round}`, true);
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
      providers: [unusedProvider],
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
  const kits = await startKitProcesses(db, PROCESSES, EVENTS / PROCESSES, {
    maxHeldSeatsPerClient: CAP,
    unsafeDisablePerClientLock: unsafe,
    rateLimit: { holdsPerMinute: 1000, requestsPerMinute: 1000 },
  });
  const eventIds = Array.from({ length: EVENTS }, (_, i) => `${round}-${i}`);
  for (const eventId of eventIds) await createEventDirect(kits[0]!, eventId, { capacity: 10 });
  await warmPools(kits, eventIds[0]!);
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
