import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../../create-admit.js";
import type { PaymentProvider } from "../../providers/payment-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../../testing/kit-request.js";
import { createTestDatabase, STORE_KINDS, type TestDatabase } from "../../testing/test-stores.js";

// Holds never reach a provider; checkout gets a payment URL from this double and nothing else.
const checkoutOnly: Partial<PaymentProvider> = {
  name: "none",
  captureMode: "automatic",
  createPayment: async ({ paymentId }) => ({
    providerReference: `ref_${paymentId}`,
    paymentUrl: `http://pay.test/${paymentId}`,
  }),
};
const noProvider = checkoutOnly as PaymentProvider;
const hour = 3_600_000;

describe.each(STORE_KINDS)("hold rules on %s", (kind) => {
  let db: TestDatabase;
  let admit: Admit;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    admit = createAdmit({
      store: db.store,
      providers: [noProvider],
      authorize: testAuthorize,
      maxHeldSeatsPerClient: 4,
      rateLimit: { holdsPerMinute: 8 },
    });
  });
  afterAll(async () => {
    await admit?.close();
    await db?.drop();
  });
  /** `PUT /admin/events/:eventId` with these tiers (1000 EUR each), answering as it came. */
  const putEvent = (eventId: string, tiers: { id: string; capacity: number }[]) =>
    kitRequest(admit, "PUT", `/admin/events/${eventId}`, {
      token: "admin-secret",
      body: {
        name: "Changed",
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        currency: "EUR",
        tiers: tiers.map((t) => ({ ...t, name: t.id, price: { amount: 1000, currency: "EUR" } })),
      },
    });
  const hold = (eventId: string, quantity: number, ip: string) =>
    kitRequest(admit, "POST", "/holds", {
      body: { eventId, items: [{ tierId: "ga", quantity }] },
      ip,
    });

  test("an expired hold stops counting the instant it expires, without a sweeper", async () => {
    await createEventDirect(admit, "expiry", { capacity: 2 });
    const first = await hold("expiry", 2, "192.0.2.1");
    expect(first.status).toBe(201);
    expect((await hold("expiry", 1, "192.0.2.2")).status).toBe(409);
    await db.store.query(
      "update admit_holds set expires_at = now() - interval '1 millisecond' where id = $1",
      [first.body.id],
    );
    expect((await hold("expiry", 2, "192.0.2.2")).status).toBe(201);
    const read = await kitRequest(admit, "GET", `/holds/${first.body.id}`, {
      token: first.body.token,
    });
    expect(read.body.status).toBe("expired");
    const checkout = await kitRequest(admit, "POST", `/holds/${first.body.id}/checkout`, {
      token: first.body.token,
      body: { buyer: { name: "A", email: "a@example.com" }, returnUrl: "http://kit.test/done" },
    });
    expect(checkout.status).toBe(409);
    expect(checkout.body.code).toBe("hold_not_active");
  });

  test("one client cannot hold more than maxHeldSeatsPerClient seats at once", async () => {
    await createEventDirect(admit, "cap", { capacity: 100 });
    expect((await hold("cap", 3, "192.0.2.10")).status).toBe(201);
    const over = await hold("cap", 2, "192.0.2.10");
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: "limit_exceeded", maxHeldSeats: 4 });
    // Another client is not affected.
    expect((await hold("cap", 2, "192.0.2.11")).status).toBe(201);
    // Checking out does not free the client's budget while the order waits for payment.
    const own = await hold("cap", 1, "192.0.2.10");
    const checkout = await kitRequest(admit, "POST", `/holds/${own.body.id}/checkout`, {
      token: own.body.token,
      ip: "192.0.2.10",
      body: { buyer: { name: "A", email: "a@example.com" }, returnUrl: "http://kit.test/done" },
    });
    expect(checkout.status).toBe(201);
    expect((await hold("cap", 1, "192.0.2.10")).status).toBe(409);
  });

  test("with default options a hold lives 10 minutes (holdTtl) from the database's now", async () => {
    await createEventDirect(admit, "ttl", { capacity: 5 });
    const held = await hold("ttl", 1, "192.0.2.50");
    expect(held.status).toBe(201);
    expect(Date.parse(held.body.expiresAt) - Date.parse(held.body.now)).toBe(600_000);
    const read = await kitRequest(admit, "GET", `/holds/${held.body.id}`, {
      token: held.body.token,
    });
    expect(read.body.expiresAt).toBe(held.body.expiresAt);
  });

  test("a hold of fewer than minPerOrder or more than maxPerOrder seats of a tier is refused and holds nothing", async () => {
    await createEventDirect(admit, "per-order", { capacity: 10, minPerOrder: 2, maxPerOrder: 3 });
    for (const [quantity, ip] of [
      [1, "192.0.2.40"],
      [4, "192.0.2.41"],
    ] as const) {
      const refused = await hold("per-order", quantity, ip);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: "limit_exceeded",
        tierId: "ga",
        minPerOrder: 2,
        maxPerOrder: 3,
      });
    }
    expect((await kitRequest(admit, "GET", "/events/per-order")).body.tiers[0].remaining).toBe(10);
    // The bounds themselves are allowed.
    expect((await hold("per-order", 2, "192.0.2.42")).status).toBe(201);
    expect((await hold("per-order", 3, "192.0.2.43")).status).toBe(201);
    expect((await kitRequest(admit, "GET", "/events/per-order")).body.tiers[0].remaining).toBe(5);
  });

  test("holds per minute per client are rate-limited with Retry-After", async () => {
    await createEventDirect(admit, "rate", { capacity: 100 });
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await hold("rate", 5, "192.0.2.20"));
    const limited = answers.at(-1)!;
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe("rate_limited");
    expect(limited.body.retryAfterSeconds).toBeGreaterThan(0);
  });

  test("outside the sales window or with the event not on sale, holds answer not_on_sale", async () => {
    await createEventDirect(admit, "later", {
      capacity: 10,
      salesStart: new Date(Date.now() + hour).toISOString(),
    });
    expect((await hold("later", 1, "192.0.2.30")).body.code).toBe("not_on_sale");
    await createEventDirect(admit, "closed", { capacity: 10 }, { status: "not_on_sale" });
    expect((await hold("closed", 1, "192.0.2.30")).body.code).toBe("not_on_sale");
    const event = await kitRequest(admit, "GET", "/events/later");
    expect(event.body.tiers[0].availability).toBe("not_on_sale");
  });

  test("an event keeps its time zone for buyers; an unknown zone is refused and changes nothing", async () => {
    await createEventDirect(admit, "zoned", { capacity: 5 }, { timeZone: "Europe/Berlin" });
    expect((await kitRequest(admit, "GET", "/events/zoned")).body.timeZone).toBe("Europe/Berlin");
    await expect(
      createEventDirect(admit, "zoned", { capacity: 5 }, { timeZone: "Europe/Atlantis" }),
    ).rejects.toThrow(/422.*timeZone/);
    expect((await kitRequest(admit, "GET", "/events/zoned")).body.timeZone).toBe("Europe/Berlin");
    await createEventDirect(admit, "zoned", { capacity: 5 });
    expect((await kitRequest(admit, "GET", "/events/zoned")).body).not.toHaveProperty("timeZone");
  });

  test("lowering capacity below what is sold is refused", async () => {
    await createEventDirect(admit, "shrink", { capacity: 10 });
    await db.store.query("update admit_tiers set sold = 6 where event_id = 'shrink'");
    const response = await putEvent("shrink", [{ id: "ga", capacity: 5 }]);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe("capacity_below_sold");
  });

  test("removing a tier that people wait for is refused with 409, and keeps their entries", async () => {
    await createEventDirect(admit, "waited", { capacity: 1 });
    await db.store.query(
      "update admit_tiers set waitlist = true, sold = 1 where event_id = 'waited'",
    );
    const joined = await kitRequest(admit, "POST", "/waitlist", {
      body: { eventId: "waited", tierId: "ga", email: "wait@example.com", quantity: 1 },
    });
    expect(joined.status).toBe(201);
    // Nothing sold or held any more: only the waitlist entry keeps the tier.
    await db.store.query("update admit_tiers set sold = 0 where event_id = 'waited'");
    const response = await putEvent("waited", [{ id: "vip", capacity: 5 }]);
    expect(response.status).toBe(409);
    const problem = response.body;
    expect(problem.code).toBe("capacity_below_sold");
    expect(problem.detail).toMatch(/waitlist/);
    expect(
      await db.store.query("select 1 from admit_waitlist where event_id = 'waited'"),
    ).toHaveLength(1);
  });
});
