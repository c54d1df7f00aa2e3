import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../create-admit.js";
import { stripeProvider } from "../providers/stripe/stripe-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import { createStripeApiMock } from "../testing/stripe-api-mock.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-stores.js";

const secretKey = "sk_test_admit_down";
const webhookSecret = "whsec_admit_down_secret";
const mock = createStripeApiMock({ secretKey, webhookSecret, now: () => new Date() });
// Stripe cannot run here: the real SDK talks to this mock of its REST API through msw.
const server = setupServer(...mock.handlers);

describe("a webhook whose verification cannot reach the provider", () => {
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
      onError: () => {},
    });
    await createEventDirect(admit, "down", { capacity: 10 });
  });
  afterAll(async () => {
    server.close();
    await admit?.close();
    await db?.drop();
  });

  const deliver = (webhook: (typeof mock.webhooks)[number]) =>
    admit.handle(
      new Request("http://kit.test/webhooks/stripe", {
        method: "POST",
        headers: webhook.headers,
        body: new Uint8Array(webhook.rawBody),
      }),
    );

  test("answers 502 provider_unavailable (so the provider redelivers) and changes nothing; the redelivery pays", async () => {
    const hold = await kitRequest(admit, "POST", "/holds", {
      body: { eventId: "down", items: [{ tierId: "ga", quantity: 1 }] },
    });
    const checkout = await kitRequest(admit, "POST", `/holds/${hold.body.id}/checkout`, {
      token: hold.body.token,
      body: {
        buyer: { name: "Ada", email: "ada@example.com" },
        returnUrl: "https://shop.example/t",
      },
    });
    const orderId = checkout.body.order.id as string;
    const session = checkout.body.paymentUrl.split("/").at(-1) as string;
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
      kitRequest(admit, "GET", `/admin/orders/${orderId}`, { token: "admin-secret" });
    expect((await admin()).body.status).toBe("pending_payment");
    server.resetHandlers();
    expect((await deliver(webhook)).status).toBe(200);
    expect((await admin()).body.status).toBe("paid");
  });
});
