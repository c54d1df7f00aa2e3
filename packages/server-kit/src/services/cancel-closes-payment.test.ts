import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../create-admit.js";
import { stripeProvider } from "../providers/stripe/stripe-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import { createStripeApiMock } from "../testing/stripe-api-mock.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-stores.js";

const secretKey = "sk_test_admit_cancel";
const webhookSecret = "whsec_admit_cancel_secret";
const mock = createStripeApiMock({ secretKey, webhookSecret, now: () => new Date() });
// Stripe cannot run here: the real SDK talks to this mock of its REST API through msw.
const server = setupServer(...mock.handlers);

describe("cancelling an unpaid order with Stripe Checkout", () => {
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
    await createEventDirect(admit, "cancel-stripe", { capacity: 10 });
  });
  afterAll(async () => {
    server.close();
    await admit?.close();
    await db?.drop();
  });

  /** A `pending_payment` order with one open Checkout Session; answers the order and session ids. */
  async function pendingOrder() {
    const hold = await kitRequest(admit, "POST", "/holds", {
      body: { eventId: "cancel-stripe", items: [{ tierId: "ga", quantity: 1 }] },
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
    return { orderId: checkout.body.order.id as string, session };
  }
  const cancel = (orderId: string) =>
    kitRequest(admit, "POST", `/admin/orders/${orderId}/cancel`, {
      token: "admin-secret",
      body: { reason: "duplicate", refund: false },
    });

  test("cancelling an unpaid order closes its payment at the provider, so the buyer can no longer pay", async () => {
    const { orderId, session } = await pendingOrder();
    const answer = await cancel(orderId);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe("cancelled");
    expect(mock.requests.some((r) => r.path === `/v1/checkout/sessions/${session}/expire`)).toBe(
      true,
    );
    expect(mock.buyer(session, "pay")).toBe("refused");
    expect(answer.body.payments[0].status).toBe("expired");
  });
});
