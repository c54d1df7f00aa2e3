import { HttpResponse, http } from "msw";
import { describe, expect, test } from "vitest";
import { kitRequest } from "../testing/kit-request.js";
import { useStripeKit } from "../testing/stripe-kit.js";

describe("a webhook whose verification cannot reach the provider", () => {
  const stripe = useStripeKit("down", { onError: () => {} });
  const { mock, server } = stripe;

  const deliver = stripe.deliver;

  test("answers 502 provider_unavailable (so the provider redelivers) and changes nothing; the redelivery pays", async () => {
    const { orderId, session } = await stripe.pendingOrder();
    expect(mock.buyer(session, "pay")).toBe("accepted");
    const webhook = mock.webhooks.at(-1)!;
    server.use(
      http.get(`https://api.stripe.com/v1/checkout/sessions/${session}`, () =>
        HttpResponse.json(
          { error: { type: "api_error", message: "Stripe is down" } },
          { status: 503 },
        ),
      ),
    );
    const down = await deliver(webhook);
    expect(down.status).toBe(502);
    expect((await down.json()).code).toBe("provider_unavailable");
    const admin = () =>
      kitRequest(stripe.admit, "GET", `/admin/orders/${orderId}`, { token: "admin-secret" });
    expect((await admin()).body.status).toBe("pending_payment");
    server.resetHandlers();
    expect((await deliver(webhook)).status).toBe(200);
    expect((await admin()).body.status).toBe("paid");
  });
});
