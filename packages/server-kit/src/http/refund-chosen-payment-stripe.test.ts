import Stripe from "stripe";
import { describe, expect, test } from "vitest";
import { kitRequest } from "../testing/kit-request.js";
import { useStripeKit } from "../testing/stripe-kit.js";

const ADMIN = "admin-secret";

describe("refunds of a chosen payment with Stripe Checkout", () => {
  const stripe = useStripeKit("chosen-stripe", { onError: () => {} });
  const { mock } = stripe;
  // The same mock, read the way a back office would check Stripe's dashboard.
  const api = new Stripe("sk_test_admit_kit");

  const deliver = stripe.deliver;
  const intentOf = async (session: string) => {
    const intent = (await api.checkout.sessions.retrieve(session)).payment_intent;
    return typeof intent === "string" ? intent : intent!.id;
  };
  const refundedIntents = () =>
    mock.requests
      .filter((r) => r.method === "POST" && r.path === "/v1/refunds")
      .map((r) => [r.params.get("payment_intent"), r.params.get("amount")]);

  test("the order's refund goes to the session that paid it, and a chosen extra payment to its own", async () => {
    const { orderId, token, session: first } = await stripe.pendingOrder();
    // The buyer pays the first session; its webhook is late.
    expect(mock.buyer(first, "pay")).toBe("accepted");
    const late = mock.webhooks.at(-1)!;
    const retry = await kitRequest(stripe.admit, "POST", `/orders/${orderId}/payments`, {
      token,
      body: {},
    });
    expect(retry.status).toBe(201);
    const second = retry.body.paymentUrl.split("/").at(-1) as string;
    expect(mock.buyer(second, "pay")).toBe("accepted");
    expect((await deliver(mock.webhooks.at(-1)!)).status).toBe(200);
    expect((await deliver(late)).status).toBe(200);
    const order = await kitRequest(stripe.admit, "GET", `/admin/orders/${orderId}`, {
      token: ADMIN,
    });
    expect(order.body.status).toBe("paid");
    const [extra, paying] = order.body.payments;
    expect([extra.role, paying.role]).toEqual(["extra", "order"]);
    expect([extra.providerReference, paying.providerReference]).toEqual([first, second]);

    const refund = (body: Record<string, unknown>) =>
      kitRequest(stripe.admit, "POST", `/admin/orders/${orderId}/refunds`, {
        token: ADMIN,
        body: { amount: { amount: 1000, currency: "EUR" }, reason: "test", ...body },
      });
    expect((await refund({})).status).toBe(200);
    expect((await refund({ paymentAttemptId: extra.id })).status).toBe(200);
    expect(refundedIntents()).toEqual([
      [await intentOf(second), "1000"],
      [await intentOf(first), "1000"],
    ]);
  });
});
