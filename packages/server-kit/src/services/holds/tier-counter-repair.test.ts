import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../../create-admit.js";
import type { PaymentProvider } from "../../providers/payment-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../../testing/kit-request.js";
import { createTestDatabase, type TestDatabase } from "../../testing/test-stores.js";

const noProvider = { name: "none", captureMode: "automatic" } as PaymentProvider;

describe("reconcilePending recounts tier counters changed outside the kit", () => {
  let db: TestDatabase;
  let admit: Admit;
  const reported: unknown[] = [];
  const counters = async () =>
    (
      await db.store.query<{ held: number; sold: number; waiting: number }>(
        "select held, sold, waiting from admit_tiers where event_id = 'drift'",
      )
    )[0]!;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    admit = createAdmit({
      store: db.store,
      providers: [noProvider],
      authorize: testAuthorize,
      publicUrl: "http://kit.test",
      onError: (error) => reported.push(error),
    });
    await createEventDirect(admit, "drift", { capacity: 20, maxPerOrder: 5 });
  });
  afterAll(async () => {
    await admit?.close();
    await db?.drop();
  });

  test("a corrupted held, sold and waiting are set back to a recount of their rows, and reported", async () => {
    for (const ip of ["192.0.2.60", "192.0.2.61"])
      expect(
        (
          await kitRequest(admit, "POST", "/holds", {
            body: { eventId: "drift", items: [{ tierId: "ga", quantity: 2 }] },
            ip,
          })
        ).status,
      ).toBe(201);
    expect(await counters()).toEqual({ held: 4, sold: 0, waiting: 0 });
    // Someone edits the table by hand (or restores half a backup).
    await db.store.query(
      "update admit_tiers set held = 9, sold = 3, waiting = 2 where event_id = 'drift'",
    );
    expect(await counters()).toEqual({ held: 9, sold: 3, waiting: 2 });
    await admit.reconcilePending();
    expect(await counters()).toEqual({ held: 4, sold: 0, waiting: 0 });
    expect(reported.map(String)).toEqual([
      expect.stringMatching(
        /Failed to trust the counters of tier ga of event drift: they differed .* recounted/,
      ),
    ]);
    // Counters that agree are left alone: a second pass repairs and reports nothing.
    await admit.reconcilePending();
    expect(reported).toHaveLength(1);
  });
});
