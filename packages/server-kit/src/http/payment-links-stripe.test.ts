import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../create-admit.js";
import { stripeProvider } from "../providers/stripe/stripe-provider.js";
import { SESSION_MAX_LIFETIME_MS } from "../providers/stripe/stripe-provider-options.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import { createStripeApiMock } from "../testing/stripe-api-mock.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-stores.js";

const secretKey = "sk_test_admit_links";
const webhookSecret = "whsec_admit_links_secret";
const mock = createStripeApiMock({ secretKey, webhookSecret, now: () => new Date() });
// Stripe cannot run here: the real SDK talks to this mock of its REST API through msw.
const server = setupServer(...mock.handlers);
const provider = stripeProvider({ secretKey, webhookSecret });
const BUYER = { name: "Grace Hopper", email: "grace@example.com" };

describe("payment links and reconciliation with Stripe Checkout", () => {
  let db: TestDatabase;
  let admit: Admit;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    db = await createTestDatabase("pglite");
    admit = createAdmit({ store: db.store, providers: [provider], authorize: testAuthorize });
    await createEventDirect(admit, "stripe-links", { capacity: 10 });
  });
  afterAll(async () => {
    server.close();
    await admit?.close();
    await db?.drop();
  });

  const link = (body: Record<string, unknown> = {}) =>
    kitRequest(admit, "POST", "/admin/payment-links", {
      token: "admin-secret",
      body: {
        eventId: "stripe-links",
        items: [{ tierId: "ga", quantity: 1 }],
        buyer: BUYER,
        reference: `DEAL-${crypto.randomUUID()}`,
        ...body,
      },
    });

  test("a link is shortened to the 24 h a Checkout Session can stay open, and says so", async () => {
    const answer = await link();
    expect(answer.status).toBe(201);
    const expiresAt = Date.parse(answer.body.expiresAt);
    expect(Math.abs(expiresAt - (Date.now() + SESSION_MAX_LIFETIME_MS))).toBeLessThan(60_000);
    const created = mock.requests.findLast((r) => r.path === "/v1/checkout/sessions")!;
    expect(Number(created.params.get("expires_at"))).toBe(Math.floor(expiresAt / 1000));
    expect(created.params.get("metadata[eventId]")).toBe("stripe-links");
    expect(answer.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
  });

  test("reconciliation looks each session up and lists the event's sessions for ones no order knows", async () => {
    const clean = await kitRequest(admit, "GET", "/admin/events/stripe-links/reconciliation", {
      token: "admin-secret",
    });
    expect(clean.status).toBe(200);
    expect(clean.body.mismatches).toEqual([]);
    // The buyer pays a link, and the webhook is not delivered: Stripe and the kit disagree.
    const paid = await link();
    const session = paid.body.url.split("/").at(-1);
    expect(mock.buyer(session, "pay")).toBe("accepted");
    // A session made for the event outside any order (a lost checkout), and paid.
    const stray = await provider.createPayment(
      {
        paymentId: "pay_stray000000000000000000",
        orderId: "ord_stray000000000000000000",
        eventId: "stripe-links",
        amount: { amount: 1000, currency: "EUR" },
        expiresAt: new Date(Date.now() + 3_600_000),
        returnUrl: "https://shop.example/thanks",
        description: "stray",
      },
      { idempotencyKey: "stray-1" },
    );
    expect(mock.buyer(stray.providerReference, "pay")).toBe("accepted");
    const report = await kitRequest(admit, "GET", "/admin/events/stripe-links/reconciliation", {
      token: "admin-secret",
    });
    expect(report.body.mismatches).toEqual([
      expect.objectContaining({
        kind: "status_mismatch",
        orderId: paid.body.orderId,
        providerReference: session,
      }),
      expect.objectContaining({
        kind: "payment_without_order",
        providerReference: stray.providerReference,
      }),
    ]);
    const listed = mock.requests.filter(
      (r) => r.method === "GET" && r.path === "/v1/checkout/sessions",
    );
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.at(-1)!.params.get("created[gte]")).toMatch(/^\d+$/);
  });
});
