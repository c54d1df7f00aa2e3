import { setupServer } from "msw/node";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectWrongKeyRefused,
  listPaged,
  refusedBeforeSending,
} from "../../testing/http-provider-checks.js";
import { createStripeApiMock } from "../../testing/stripe-api-mock.js";
import { signedProviderConformance } from "../conformance/provider-conformance.js";
import { type CreatePaymentInput, WebhookVerificationError } from "../payment-provider.js";
import { stripeProvider } from "./stripe-provider.js";
import { SESSION_MIN_LIFETIME_MS } from "./stripe-provider-options.js";

const secretKey = "sk_test_admit_mock";
const webhookSecret = "whsec_admit_mock_secret";
let clockOffsetMs = 0;
const now = () => new Date(Date.now() + clockOffsetMs);
const mock = createStripeApiMock({ secretKey, webhookSecret, now });
// Stripe cannot run here: the real SDK talks to this mock of its REST API through msw.
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

signedProviderConformance("stripe", () => ({
  provider: stripeProvider({ secretKey, webhookSecret, clock: now }),
  twoStepProvider: stripeProvider({ secretKey, webhookSecret, clock: now, captureMode: "manual" }),
  // Stripe refuses sessions expiring sooner than 30 min; a minute over the provider's floor
  // makes the session's expiry the hold's own.
  shortestExpiryMs: SESSION_MIN_LIFETIME_MS + 60_000,
  driver: {
    now,
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    buyer: async (payment, choice) => mock.buyer(payment.providerReference, choice),
    deliveredWebhooks: () => mock.webhooks,
    signWebhook(rawBody, { timestamp, forge }) {
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload: new TextDecoder().decode(rawBody),
        secret: forge ? "whsec_someone_else" : webhookSecret,
        timestamp: Math.floor(timestamp.getTime() / 1000),
      });
      return new Headers({ "stripe-signature": signature });
    },
  },
}));

describe("stripeProvider's requests to the Stripe API", () => {
  const provider = stripeProvider({ secretKey, webhookSecret, clock: now });
  const input = (overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
    paymentId: "pay_form",
    orderId: "ord_form",
    amount: { amount: 4550, currency: "EUR" },
    expiresAt: new Date(now().getTime() + 2 * 3_600_000),
    returnUrl: "https://shop.example/admit/return/ord_form",
    description: "2 × Standing, Spring concert",
    reference: "INV-7",
    ...overrides,
  });

  refusedBeforeSending({ provider, input, now, mock });

  async function createdWith(request: CreatePaymentInput, idempotencyKey: string) {
    await provider.createPayment(request, { idempotencyKey });
    const sent = mock.requests.findLast((r) => r.path === "/v1/checkout/sessions");
    return sent!;
  }

  it("creates a Checkout Session carrying amount, lower-case currency, expiry, metadata and the idempotency key", async () => {
    const request = input();
    const sent = await createdWith(request, "form_key_1");
    expect(sent.method).toBe("POST");
    expect(sent.idempotencyKey).toBe("form_key_1");
    expect(Object.fromEntries(sent.params)).toMatchObject({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "eur",
      "line_items[0][price_data][unit_amount]": "4550",
      "line_items[0][price_data][product_data][name]": "2 × Standing, Spring concert",
      expires_at: String(Math.floor(request.expiresAt.getTime() / 1000)),
      success_url: request.returnUrl,
      cancel_url: request.returnUrl,
      client_reference_id: "ord_form",
      "metadata[paymentId]": "pay_form",
      "metadata[orderId]": "ord_form",
      "metadata[reference]": "INV-7",
      "payment_intent_data[metadata][paymentId]": "pay_form",
      "payment_intent_data[capture_method]": "automatic",
    });
  });

  it("a two-step provider asks for manual capture", async () => {
    const twoStep = stripeProvider({ secretKey, webhookSecret, clock: now, captureMode: "manual" });
    await twoStep.createPayment(input(), { idempotencyKey: "form_manual" });
    const sent = mock.requests.findLast((r) => r.path === "/v1/checkout/sessions")!;
    expect(sent.params.get("payment_intent_data[capture_method]")).toBe("manual");
  });

  it("a hold shorter than Stripe's 30 min minimum gets a session open for the minimum, never less", async () => {
    const request = input({ expiresAt: new Date(now().getTime() + 10 * 60_000) });
    const sent = await createdWith(request, "form_short");
    const lifetime = Number(sent.params.get("expires_at")) * 1000 - now().getTime();
    expect(lifetime).toBeGreaterThanOrEqual(30 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(SESSION_MIN_LIFETIME_MS + 60_000);
  });

  it("a hold longer than Stripe's 24 h maximum gets a session that closes earlier, never later", async () => {
    const request = input({ expiresAt: new Date(now().getTime() + 3 * 86_400_000) });
    const sent = await createdWith(request, "form_long");
    const lifetime = Number(sent.params.get("expires_at")) * 1000 - now().getTime();
    expect(lifetime).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it("a request sent again with its key a few seconds later carries the same expiry", async () => {
    const saved = clockOffsetMs;
    // 10 s into a minute, so two seconds later is still the same minute, and the test is exact.
    clockOffsetMs += (70_000 - (now().getTime() % 60_000)) % 60_000;
    try {
      const request = input({ expiresAt: new Date(now().getTime() + 10 * 60_000) });
      const first = await createdWith(request, "form_again");
      clockOffsetMs += 2000;
      const again = await createdWith(request, "form_again");
      expect(again.params.get("expires_at")).toBe(first.params.get("expires_at"));
    } finally {
      clockOffsetMs = saved;
    }
  });

  it("refunds send the payment intent, the amount and the kit's idempotency key", async () => {
    const created = await provider.createPayment(input(), { idempotencyKey: "form_refund" });
    mock.buyer(created.providerReference, "pay");
    await provider.refund(
      created.providerReference,
      { amount: 550, currency: "EUR" },
      {
        idempotencyKey: "refund_key_1",
      },
    );
    const sent = mock.requests.findLast((r) => r.path === "/v1/refunds")!;
    expect(sent.idempotencyKey).toBe("refund_key_1");
    expect(sent.params.get("amount")).toBe("550");
    expect(sent.params.get("payment_intent")).toMatch(/^pi_/);
  });

  it("listPayments pages through every session since the time (100 a request) and keeps the event's", async () => {
    const since = new Date(now().getTime() - 1000);
    const { pages } = await listPaged(
      { provider, input, mock },
      { listPath: "/v1/checkout/sessions", since, payments: 130 },
    );
    expect(pages).toBe(2);
  });

  it("a wrong secret key fails with PaymentProviderError 401, while the right one works (control)", async () => {
    const wrong = stripeProvider({ secretKey: "sk_test_wrong", webhookSecret, clock: now });
    await expectWrongKeyRefused(wrong, provider, input());
  });
});

describe("stripeProvider's webhooks", () => {
  const provider = stripeProvider({ secretKey, webhookSecret, clock: now });

  async function paidEvent() {
    const created = await provider.createPayment(
      {
        paymentId: "pay_hook",
        orderId: "ord_hook",
        amount: { amount: 4500, currency: "EUR" },
        expiresAt: new Date(now().getTime() + 3_600_000),
        returnUrl: "https://shop.example/return",
        description: "webhook test",
      },
      { idempotencyKey: `hook_${mock.webhooks.length}` },
    );
    mock.buyer(created.providerReference, "pay");
    return mock.webhooks.at(-1)!;
  }

  const sign = (body: Uint8Array, offsetSeconds: number, secret = webhookSecret) =>
    new Headers({
      "stripe-signature": Stripe.webhooks.generateTestHeaderString({
        payload: new TextDecoder().decode(body),
        secret,
        timestamp: Math.floor(Date.now() / 1000) + offsetSeconds,
      }),
    });

  it("a checkout.session.completed event verifies to the captured payment with Stripe's event id", async () => {
    const webhook = await paidEvent();
    const event = await provider.verifyWebhook(webhook.rawBody, webhook.headers);
    expect(event.eventId).toMatch(/^evt_/);
    expect(event.payment).toMatchObject({ paymentId: "pay_hook", status: "captured" });
  });

  it.each([
    ["forged signature", (body: Uint8Array) => ({ body, headers: sign(body, 0, "whsec_forged") })],
    [
      "tampered body",
      (body: Uint8Array) => ({
        body: new TextEncoder().encode(new TextDecoder().decode(body).replace("4500", "1")),
        headers: sign(body, 0),
      }),
    ],
    ["timestamp 301 s old", (body: Uint8Array) => ({ body, headers: sign(body, -301) })],
    ["timestamp 301 s in the future", (body: Uint8Array) => ({ body, headers: sign(body, 301) })],
  ])(
    "a %s is refused with WebhookVerificationError, while the genuine event verifies (control)",
    async (_, alter) => {
      const webhook = await paidEvent();
      await expect(
        provider.verifyWebhook(webhook.rawBody, sign(webhook.rawBody, 0)),
      ).resolves.toBeTruthy();
      const { body, headers } = alter(webhook.rawBody);
      await expect(provider.verifyWebhook(body, headers)).rejects.toBeInstanceOf(
        WebhookVerificationError,
      );
    },
  );

  it("a signed event of a type the provider does not handle is refused and names the types to subscribe", async () => {
    const body = new TextEncoder().encode(
      JSON.stringify({
        id: "evt_other",
        object: "event",
        type: "customer.created",
        data: { object: {} },
      }),
    );
    await expect(provider.verifyWebhook(body, sign(body, 0))).rejects.toThrow(
      /checkout\.session\.completed/,
    );
  });
});
