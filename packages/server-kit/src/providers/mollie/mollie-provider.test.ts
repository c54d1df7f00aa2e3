import { PaymentMethod } from "@mollie/api-client";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectWrongKeyRefused,
  listPaged,
  refusedBeforeSending,
} from "../../testing/http-provider-checks.js";
import { createMollieApiMock, MOLLIE_MOCK_EXPIRY_MS } from "../../testing/mollie-api-mock.js";
import { lookupProviderConformance } from "../conformance/provider-conformance.js";
import {
  type CreatePaymentInput,
  PaymentProviderError,
  WebhookVerificationError,
} from "../payment-provider.js";
import { mollieProvider } from "./mollie-provider.js";

const apiKey = "test_admitMollieMockKey0000000000";
let clockOffsetMs = 0;
const now = () => new Date(Date.now() + clockOffsetMs);
const mock = createMollieApiMock({ apiKey, now });
// Mollie cannot be reached here: the official client talks to this mock of its API through msw.
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

lookupProviderConformance("mollie", () => ({
  provider: mollieProvider({ apiKey, clock: now }),
  twoStepProvider: mollieProvider({ apiKey, clock: now, captureMode: "manual" }),
  // Mollie takes no expiry for card and iDEAL payments: they stay open for their 15 min session.
  shortestExpiryMs: MOLLIE_MOCK_EXPIRY_MS,
  driver: {
    now,
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    buyer: async (payment, choice) => mock.buyer(payment.providerReference, choice),
    deliveredWebhooks: () => mock.notifications,
  },
}));

describe("mollieProvider's requests to the Mollie API", () => {
  const provider = mollieProvider({ apiKey, clock: now });
  let sequence = 0;
  const input = (overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
    paymentId: `pay_form_${++sequence}`,
    orderId: "ord_form",
    amount: { amount: 4550, currency: "EUR" },
    expiresAt: new Date(now().getTime() + 10 * 60_000),
    returnUrl: "https://shop.example/admit/return/ord_form",
    webhookUrl: "https://shop.example/admit/webhooks/mollie",
    description: "2 × Standing, Spring concert",
    eventId: "spring-concert",
    reference: "INV-7",
    ...overrides,
  });

  refusedBeforeSending({ provider, input, now, mock });

  async function createdWith(request: CreatePaymentInput, idempotencyKey = `key_${++sequence}`) {
    await provider.createPayment(request, { idempotencyKey });
    return mock.requests.findLast((r) => r.method === "POST" && r.path === "/v2/payments")!;
  }

  it("creates a payment with the decimal amount, return and webhook URLs, metadata and the idempotency key", async () => {
    const request = input();
    const sent = await createdWith(request, "form_key_1");
    expect(sent.idempotencyKey).toBe("form_key_1");
    expect(sent.body).toEqual({
      amount: { currency: "EUR", value: "45.50" },
      description: "2 × Standing, Spring concert",
      redirectUrl: request.returnUrl,
      webhookUrl: request.webhookUrl,
      metadata: {
        paymentId: request.paymentId,
        orderId: "ord_form",
        eventId: "spring-concert",
        reference: "INV-7",
      },
    });
  });

  it.each([
    [4550, "JPY", "4550"],
    [4550, "KWD", "4.550"],
    [1, "BHD", "0.001"],
  ])(
    "%i minor units of %s are sent as %s and looked up as the same minor units",
    async (amount, currency, value) => {
      const request = input({ amount: { amount, currency } });
      const created = await provider.createPayment(request, {
        idempotencyKey: `minor_${currency}`,
      });
      const sent = mock.requests.findLast((r) => r.method === "POST" && r.path === "/v2/payments")!;
      expect(sent.body?.amount).toEqual({ currency, value });
      mock.buyer(created.providerReference, "pay");
      expect(await provider.getPayment(created.providerReference)).toMatchObject({
        status: "captured",
        amount: { amount, currency },
        amountRefunded: { amount: 0, currency },
      });
    },
  );

  it("a webhookUrl option replaces the kit's own (a tunnel in development)", async () => {
    const tunnelled = mollieProvider({
      apiKey,
      clock: now,
      webhookUrl: "https://abc.tunnel.example/admit/webhooks/mollie",
    });
    await tunnelled.createPayment(
      input({ webhookUrl: "http://127.0.0.1:3000/admit/webhooks/mollie" }),
      {
        idempotencyKey: "tunnel_1",
      },
    );
    const sent = mock.requests.findLast((r) => r.path === "/v2/payments")!;
    expect(sent.body?.webhookUrl).toBe("https://abc.tunnel.example/admit/webhooks/mollie");
  });

  it("a webhookUrl Mollie cannot reach (localhost) fails with PaymentProviderError 422 naming the field", async () => {
    const error = await provider
      .createPayment(input({ webhookUrl: "http://localhost:3000/admit/webhooks/mollie" }), {
        idempotencyKey: "unreachable_1",
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect(error).toMatchObject({ status: 422, providerCode: "unprocessable_entity:webhookUrl" });
  });

  it("bank transfer only: the payment gets a dueDate, at least tomorrow (Mollie's minimum)", async () => {
    const bank = mollieProvider({ apiKey, clock: now, methods: [PaymentMethod.banktransfer] });
    await bank.createPayment(input(), { idempotencyKey: "bank_1" });
    const sent = mock.requests.findLast((r) => r.path === "/v2/payments")!;
    const tomorrow = new Date(now().getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(sent.body).toMatchObject({ method: ["banktransfer"], dueDate: tomorrow });
    // Control: other methods get no dueDate (Mollie has no expiry parameter for them).
    await provider.createPayment(input(), { idempotencyKey: "bank_2" });
    expect(mock.requests.findLast((r) => r.path === "/v2/payments")!.body).not.toHaveProperty(
      "dueDate",
    );
  });

  it("refunds send the decimal amount with the kit's idempotency key, and follow the refund's own status", async () => {
    const created = await provider.createPayment(input(), { idempotencyKey: "refund_flow" });
    mock.buyer(created.providerReference, "pay");
    const result = await provider.refund(
      created.providerReference,
      { amount: 550, currency: "EUR" },
      { idempotencyKey: "refund_key_1" },
    );
    const sent = mock.requests.findLast((r) => r.path.endsWith("/refunds"))!;
    expect(sent.idempotencyKey).toBe("refund_key_1");
    expect(sent.body?.amount).toEqual({ currency: "EUR", value: "5.50" });
    expect(result).toMatchObject({
      refundReference: expect.stringMatching(/^re_/),
      status: "pending",
    });
    expect(await provider.getPayment(created.providerReference)).toMatchObject({
      status: "partially_refunded",
      amountRefunded: { amount: 550, currency: "EUR" },
    });
    // A refund that fails at Mollie gives nothing back: the payment counts as not refunded again.
    mock.settleRefund(result.refundReference, "failed");
    expect(await provider.getPayment(created.providerReference)).toMatchObject({
      status: "captured",
      amountRefunded: { amount: 0, currency: "EUR" },
    });
    const again = await provider.refund(
      created.providerReference,
      { amount: 4550, currency: "EUR" },
      { idempotencyKey: "refund_key_2" },
    );
    mock.settleRefund(again.refundReference, "refunded");
    expect((await provider.getPayment(created.providerReference)).status).toBe("refunded");
  });

  it.each([
    ["open", "requested", undefined],
    ["paid", "captured", "pay"],
    ["failed", "failed", "decline"],
    ["canceled (by the buyer)", "failed", "cancel"],
  ] as const)("a payment Mollie reports %s is %s", async (_, expected, choice) => {
    const created = await provider.createPayment(input(), {
      idempotencyKey: `status_${expected}_${choice}`,
    });
    if (choice) mock.buyer(created.providerReference, choice);
    expect((await provider.getPayment(created.providerReference)).status).toBe(expected);
  });

  it("an open payment past Mollie's own expiry is expired; a released authorization is voided", async () => {
    const open = await provider.createPayment(input(), { idempotencyKey: "expiring" });
    clockOffsetMs += MOLLIE_MOCK_EXPIRY_MS;
    expect((await provider.getPayment(open.providerReference)).status).toBe("expired");
    const twoStep = mollieProvider({ apiKey, clock: now, captureMode: "manual" });
    const held = await twoStep.createPayment(input(), { idempotencyKey: "held" });
    mock.buyer(held.providerReference, "pay");
    expect((await twoStep.getPayment(held.providerReference)).status).toBe("authorized");
    expect((await twoStep.void(held.providerReference)).status).toBe("voided");
  });

  it("an open card or iDEAL payment cannot be canceled at Mollie: void fails with PaymentProviderError", async () => {
    const open = await provider.createPayment(input(), { idempotencyKey: "not_cancelable" });
    await expect(provider.void(open.providerReference)).rejects.toMatchObject({
      name: "PaymentProviderError",
      providerCode: "payment_not_cancelable",
    });
    expect((await provider.getPayment(open.providerReference)).status).toBe("requested");
  });

  it("listPayments follows Mollie's pages (_links.next) newest first and stops at createdFrom", async () => {
    clockOffsetMs += 60_000;
    const since = now();
    clockOffsetMs += 1000;
    const { listed, pages } = await listPaged(
      { provider, input, mock },
      { listPath: "/v2/payments", since, payments: 140 },
    );
    expect(listed[0]).toMatchObject({
      orderId: "ord_form",
      amount: { amount: 4550, currency: "EUR" },
    });
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it("a wrong API key fails with PaymentProviderError 401, while the right one works (control)", async () => {
    const wrong = mollieProvider({ apiKey: "test_wrongKey", clock: now });
    await expectWrongKeyRefused(wrong, provider, input());
  });

  it("an unknown payment id answers PaymentProviderError 404; a malformed one is refused before anything is sent", async () => {
    await expect(provider.getPayment("tr_unknown123")).rejects.toMatchObject({ status: 404 });
    const before = mock.requests.length;
    await expect(provider.getPayment("../refunds")).rejects.toBeInstanceOf(PaymentProviderError);
    expect(mock.requests.length).toBe(before);
  });
});

describe("mollieProvider's notifications", () => {
  const provider = mollieProvider({ apiKey, clock: now });
  const read = (body: string) =>
    provider.readNotification(new TextEncoder().encode(body), new Headers());

  it("reads the id of Mollie's form post and nothing else", () => {
    expect(read("id=tr_d0b0E3EA3v")).toBe("tr_d0b0E3EA3v");
    expect(read("id=tr_d0b0E3EA3v&status=paid")).toBe("tr_d0b0E3EA3v");
  });

  it.each([
    ["an empty body", ""],
    ["two ids", "id=tr_a1&id=tr_b2"],
    ["another resource's id", "id=ord_d0b0E3EA3v"],
    ["a path in the id", "id=tr_abc%2F..%2Frefunds"],
    ["JSON", '{"id":"tr_d0b0E3EA3v"}'],
  ])("%s is refused with WebhookVerificationError", (_, body) => {
    expect(() => read(body)).toThrow(WebhookVerificationError);
  });

  it("bytes that are not UTF-8 are refused", () => {
    expect(() =>
      provider.readNotification(new Uint8Array([0x69, 0x64, 0x3d, 0xff]), new Headers()),
    ).toThrow(WebhookVerificationError);
  });
});
