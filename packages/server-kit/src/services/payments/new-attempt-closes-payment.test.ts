import { describe, expect, test } from "vitest";
import { kitRequest } from "../../testing/kit-request.js";
import { useStripeKit } from "../../testing/stripe-kit.js";

describe("a new payment attempt with Stripe Checkout", () => {
  const stripe = useStripeKit("attempt-stripe");
  const { mock } = stripe;

  test("a new attempt on a pending order closes the previous session at the provider, so only the new one can be paid", async () => {
    const { orderId, token, session } = await stripe.pendingOrder();
    const retry = await kitRequest(stripe.admit, "POST", `/orders/${orderId}/payments`, {
      token,
      body: {},
    });
    expect(retry.status).toBe(201);
    expect(mock.requests.some((r) => r.path === `/v1/checkout/sessions/${session}/expire`)).toBe(
      true,
    );
    expect(mock.buyer(session, "pay")).toBe("refused");
    const order = await kitRequest(stripe.admit, "GET", `/admin/orders/${orderId}`, {
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
