import { describe, expect, test } from "vitest";
import { kitRequest } from "../../testing/kit-request.js";
import { useStripeKit } from "../../testing/stripe-kit.js";

describe("cancelling an unpaid order with Stripe Checkout", () => {
  const stripe = useStripeKit("cancel-stripe");
  const { mock } = stripe;

  const cancel = (orderId: string) =>
    kitRequest(stripe.admit, "POST", `/admin/orders/${orderId}/cancel`, {
      token: "admin-secret",
      body: { reason: "duplicate", refund: false },
    });

  test("cancelling an unpaid order closes its payment at the provider, so the buyer can no longer pay", async () => {
    const { orderId, session } = await stripe.pendingOrder();
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
