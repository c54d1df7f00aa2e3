import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startKitProcesses, warmPools } from "../../testing/kit-processes.js";
import { createEventDirect, kitRequest } from "../../testing/kit-request.js";
import { createTestDatabase, type TestDatabase } from "../../testing/test-stores.js";

const MAX_USES = 5;
const PROCESSES = 4;
const BUYERS = 32;

/** Uses of `eventId`'s code that count now, from the holds (not from the code's answer). */
async function countedUses(db: TestDatabase, eventId: string): Promise<number> {
  const [row] = await db.store.query<{ uses: number }>(
    `select coalesce(sum(promo_uses), 0)::int as uses from admit_holds
     where event_id = $1 and promo_code = 'race' and status = 'active' and expires_at > now()`,
    [eventId],
  );
  return row!.uses;
}

/**
 * `PROCESSES` kits, each with its own connection pool on the same database (as separate server
 * processes would be), and `BUYERS` concurrent one-ticket holds from separate clients, all with
 * the same code of `MAX_USES` uses, on a tier with plenty of seats (only the code is scarce).
 */
async function race(db: TestDatabase, eventId: string, unsafe: boolean) {
  const kits = await startKitProcesses(db, PROCESSES, BUYERS / PROCESSES, {
    unsafeDisablePromoCodeLock: unsafe,
    rateLimit: { holdsPerMinute: 1000, requestsPerMinute: 1000 },
  });
  await createEventDirect(kits[0]!, eventId, { capacity: 1000 });
  const created = await kitRequest(kits[0]!, "POST", `/admin/events/${eventId}/promo-codes`, {
    token: "admin-secret",
    body: { code: "RACE", discount: { kind: "percent", basisPoints: 5000 }, maxUses: MAX_USES },
  });
  expect(created.status).toBe(201);
  await warmPools(kits, eventId);
  const answers = await Promise.all(
    Array.from({ length: BUYERS }, (_, i) =>
      kitRequest(kits[i % PROCESSES]!, "POST", "/holds", {
        body: {
          eventId,
          items: [{ tierId: "ga", quantity: 1 }],
          promoCode: i % 2 ? "race" : "Race",
        },
        ip: `203.0.113.${i + 1}`,
      }),
    ),
  );
  await Promise.all(kits.map((k) => k.close()));
  for (const a of answers) {
    expect([201, 409]).toContain(a.status);
    if (a.status === 409) expect(a.body).toMatchObject({ code: "promo_code_used_up" });
  }
  return {
    granted: answers.filter((a) => a.status === 201).length,
    uses: await countedUses(db, eventId),
  };
}

describe("a promo code's uses are counted under its row lock, across processes (real PostgreSQL)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
  });
  afterAll(() => db?.drop());

  test("many concurrent holds with a code of N uses over separate connections use it exactly N times", async () => {
    for (let round = 0; round < 3; round++) {
      const result = await race(db, `promo-race-${round}`, false);
      console.info(`promo race round ${round}: ${JSON.stringify(result)}`);
      expect(result.granted).toBe(MAX_USES);
      expect(result.uses).toBe(MAX_USES);
    }
  });

  test("control: the same race without the code's row lock uses it more than N times", async () => {
    // A race test that cannot fail proves nothing: without the lock, some round must oversubscribe.
    let worst = 0;
    for (let round = 0; round < 5 && worst <= MAX_USES; round++) {
      const result = await race(db, `promo-control-${round}`, true);
      console.info(`promo race control round ${round}: ${JSON.stringify(result)}`);
      worst = Math.max(worst, result.uses);
    }
    expect(worst).toBeGreaterThan(MAX_USES);
  });
});
