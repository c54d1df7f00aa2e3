import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../create-admit.js";
import { stripeProvider } from "../providers/stripe/stripe-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import { createStripeApiMock } from "../testing/stripe-api-mock.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-stores.js";

const secretKey = "sk_test_admit_new_attempt";
const webhookSecret = "whsec_admit_new_attempt_secret";
const mock = createStripeApiMock({ secretKey, webhookSecret, now: () => new Date() });
// Stripe cannot run here: the real SDK talks to this mock of its REST API through msw.
const server = setupServer(...mock.handlers);

describe("a new payment attempt with Stripe Checkout", () => {
  let db: TestDatabase;
  let admit: Admit;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    db = await createTestDatabase("pglite");
    admit = createAdmit({
      store: db.store,
      providers: [stripeProvider({ secretKey, webhookSecret })],
      authorize: testAuthorize,
      allowedOrigins: ["https://shop.example"],
    });
    await createEventDirect(admit, "attempt-stripe", { capacity: 10 });
  });
  afterAll(async () => {
    server.close();
    await admit?.close();
    await db?.drop();
  });

  /** A `pending_payment` order with one open Checkout Session; answers the order, its token and the session id. */
  async function pendingOrder() {
    const hold = await kitRequest(admit, "POST", "/holds", {
      body: { eventId: "attempt-stripe", items: [{ tierId: "ga", quantity: 1 }] },
    });
    const checkout = await kitRequest(admit, "POST", `/holds/${hold.body.id}/checkout`, {
      token: hold.body.token,
      body: {
        buyer: { name: "Ada", email: "ada@example.com" },
        returnUrl: "https://shop.example/t",
      },
    });
    expect(checkout.status).toBe(201);
    const session = checkout.body.paymentUrl.split("/").at(-1) as string;
    return {
      orderId: checkout.body.order.id as string,
      token: checkout.body.orderToken as string,
      session,
    };
  }
  test("a new attempt on a pending order closes the previous session at the provider, so only the new one can be paid", async () => {
    const { orderId, token, session } = await pendingOrder();
    const retry = await kitRequest(admit, "POST", `/orders/${orderId}/payments`, {
      token,
      body: {},
    });
    expect(retry.status).toBe(201);
    expect(mock.requests.some((r) => r.path === `/v1/checkout/sessions/${session}/expire`)).toBe(
      true,
    );
    expect(mock.buyer(session, "pay")).toBe("refused");
    const order = await kitRequest(admit, "GET", `/admin/orders/${orderId}`, {
      token: "admin-secret",
    });
    expect(order.body.status).toBe("pending_payment");
    expect(order.body.payments.map((p: { status: string }) => p.status)).toEqual([
      "expired",
      "requested",
    ]);
    const next = retry.body.paymentUrl.split("/").at(-1) as string;
    expect(mock.buyer(next, "pay")).toBe("accepted");
  });
});
