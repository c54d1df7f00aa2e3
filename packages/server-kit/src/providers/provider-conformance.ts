import type { Money } from "@admit/client/contract";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CreatedPayment,
  type CreatePaymentInput,
  type PaymentProvider,
  PaymentProviderError,
  type ProviderEvent,
  type ProviderPaymentStatus,
  WebhookVerificationError,
} from "./payment-provider.js";
import type { ReceivedWebhook } from "./webhook-receiver.js";

/** What the buyer does on the provider's payment page. */
export type BuyerChoice = "pay" | "decline" | "cancel";

/**
 * How the conformance suite plays the parts that are not the kit: the buyer, the provider's
 * clock and the provider's webhook signing.
 */
export interface ConformanceDriver {
  /** The provider's current time (payment requests expire by it). */
  now(): Date;
  /** Acts as the buyer on the payment page; answers whether the provider accepted the choice. */
  buyer(payment: CreatedPayment, choice: BuyerChoice): Promise<"accepted" | "refused">;
  /** Moves the provider's clock forward. */
  advanceClock(ms: number): void | Promise<void>;
  /** Webhooks the provider has delivered so far, as received (exact bytes and headers). */
  deliveredWebhooks(): readonly ReceivedWebhook[];
  /**
   * Signs `rawBody` the way the provider signs webhooks, at `timestamp`; `forge` signs with a
   * secret other than the provider's.
   */
  signWebhook(
    rawBody: Uint8Array,
    options: { id: string; timestamp: Date; forge?: boolean },
  ): Headers | Promise<Headers>;
}

/** The provider under test, as the kit would configure it. */
export interface ConformanceSubject {
  /** Configured for automatic capture. */
  provider: PaymentProvider;
  /** The same provider configured for two-step payments (`captureMode: "manual"`), if supported. */
  twoStepProvider?: PaymentProvider;
  driver: ConformanceDriver;
  /**
   * The shortest payment window the provider can enforce (Stripe Checkout: 30 min); the expiry
   * rule is checked with a window this long. Shorter holds rely on the kit's late-payment rule.
   * @default 60_000
   */
  shortestExpiryMs?: number;
}

const FIVE_MINUTES = 5 * 60_000;
const EUR = (amount: number): Money => ({ amount, currency: "EUR" });
let sequence = 0;

/**
 * Runs the rules every {@link PaymentProvider} must keep, against a real or locally running
 * provider. Call it inside a vitest test file; `setup` runs once before the tests.
 *
 * @example
 * providerConformance("sandbox", async () => ({ provider, twoStepProvider, driver }));
 */
export function providerConformance(
  name: string,
  setup: () => Promise<ConformanceSubject> | ConformanceSubject,
): void {
  describe(`${name} keeps the PaymentProvider rules`, () => {
    let subject: ConformanceSubject;
    beforeAll(async () => {
      subject = await setup();
    });

    function input(overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
      sequence += 1;
      return {
        paymentId: `pay_conformance_${sequence}`,
        orderId: `ord_conformance_${sequence}`,
        amount: EUR(4500),
        expiresAt: new Date(subject.driver.now().getTime() + 10 * 60_000),
        returnUrl: `https://shop.example/admit/return/ord_conformance_${sequence}`,
        description: "2 × Standing, Spring concert",
        ...overrides,
      };
    }

    async function create(
      provider = subject.provider,
      overrides: Partial<CreatePaymentInput> = {},
    ): Promise<CreatedPayment> {
      return provider.createPayment(input(overrides), { idempotencyKey: `key_${sequence + 1}` });
    }

    /** Waits until a delivered webhook verifies to this payment in this status. */
    async function webhookFor(
      reference: string,
      status: ProviderPaymentStatus,
    ): Promise<{ webhook: ReceivedWebhook; event: ProviderEvent }> {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        for (const webhook of subject.driver.deliveredWebhooks()) {
          const event = await subject.provider
            .verifyWebhook(webhook.rawBody, webhook.headers)
            .catch(() => undefined);
          if (event?.payment.providerReference === reference && event.payment.status === status) {
            return { webhook, event };
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no verified ${status} webhook for ${reference} arrived`);
    }

    async function paidWebhook(): Promise<{ webhook: ReceivedWebhook; event: ProviderEvent }> {
      const payment = await create();
      expect(await subject.driver.buyer(payment, "pay")).toBe("accepted");
      return webhookFor(payment.providerReference, "captured");
    }

    async function verifies(rawBody: Uint8Array, headers: Headers): Promise<boolean> {
      try {
        await subject.provider.verifyWebhook(rawBody, headers);
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookVerificationError);
        return false;
      }
    }

    async function signedAt(rawBody: Uint8Array, offsetMs: number, forge = false) {
      const timestamp = new Date(Date.now() + offsetMs);
      return subject.driver.signWebhook(rawBody, {
        id: `msg_test_${++sequence}`,
        timestamp,
        forge,
      });
    }

    describe("payment requests", () => {
      it("the same idempotency key creates one payment; another key creates another", async () => {
        const request = input();
        const first = await subject.provider.createPayment(request, { idempotencyKey: "idem_a" });
        const retry = await subject.provider.createPayment(request, { idempotencyKey: "idem_a" });
        const other = await subject.provider.createPayment(request, { idempotencyKey: "idem_b" });
        expect(retry.providerReference).toBe(first.providerReference);
        expect(other.providerReference).not.toBe(first.providerReference);
      });

      it("a new payment request is looked up as requested, with its amount and the kit's payment id", async () => {
        const request = input({ amount: EUR(1234) });
        const created = await subject.provider.createPayment(request, { idempotencyKey: "new_1" });
        expect(created.paymentUrl).toMatch(/^https?:\/\//);
        await expect(subject.provider.getPayment(created.providerReference)).resolves.toMatchObject(
          {
            providerReference: created.providerReference,
            paymentId: request.paymentId,
            status: "requested",
            amount: EUR(1234),
          },
        );
      });

      it("looking up an unknown payment fails with PaymentProviderError", async () => {
        await expect(subject.provider.getPayment("does_not_exist")).rejects.toBeInstanceOf(
          PaymentProviderError,
        );
      });
    });

    describe("listing an event's payments (optional listPayments)", () => {
      it("lists the payments created for the event since a time, with their status and order, and no others", async ({
        skip,
      }) => {
        const list = subject.provider.listPayments?.bind(subject.provider);
        if (!list) return skip();
        const since = new Date(subject.driver.now().getTime() - 1000);
        const eventId = `conformance-list-${++sequence}`;
        const open = await create(subject.provider, { eventId });
        const paid = await create(subject.provider, { eventId });
        const other = await create(subject.provider, { eventId: `${eventId}-other` });
        expect(await subject.driver.buyer(paid, "pay")).toBe("accepted");
        const listed = await list({ eventId, createdFrom: since });
        const byReference = new Map(listed.map((p) => [p.providerReference, p]));
        expect([...byReference.keys()].sort()).toEqual(
          [open.providerReference, paid.providerReference].sort(),
        );
        expect(byReference.get(paid.providerReference)).toMatchObject({
          status: "captured",
          amount: EUR(4500),
          eventId,
        });
        expect(byReference.get(open.providerReference)?.status).toBe("requested");
        expect(byReference.get(open.providerReference)?.orderId).toMatch(/^ord_conformance_/);
        expect(byReference.has(other.providerReference)).toBe(false);
        // Control: a window that starts after the payments lists none of them.
        const later = new Date(subject.driver.now().getTime() + 3_600_000);
        expect(await list({ eventId, createdFrom: later })).toEqual([]);
      });
    });

    describe("status lookup after the buyer's choice", () => {
      it("after Pay, lookup reports captured with the full amount", async () => {
        const payment = await create();
        expect(await subject.driver.buyer(payment, "pay")).toBe("accepted");
        await expect(subject.provider.getPayment(payment.providerReference)).resolves.toMatchObject(
          {
            status: "captured",
            amount: EUR(4500),
          },
        );
      });

      it("after Decline, lookup reports failed", async () => {
        const payment = await create();
        expect(await subject.driver.buyer(payment, "decline")).toBe("accepted");
        const looked = await subject.provider.getPayment(payment.providerReference);
        expect(looked.status).toBe("failed");
      });

      it("after Cancel, lookup never reports the payment as paid or authorized", async () => {
        const payment = await create();
        await subject.driver.buyer(payment, "cancel");
        const looked = await subject.provider.getPayment(payment.providerReference);
        expect(["requested", "failed", "expired"]).toContain(looked.status);
      });

      it("payment is refused after the request's expiry, and lookup reports expired", async () => {
        const window = subject.shortestExpiryMs ?? 60_000;
        const payment = await create(subject.provider, {
          expiresAt: new Date(subject.driver.now().getTime() + window),
        });
        await subject.driver.advanceClock(window);
        expect(await subject.driver.buyer(payment, "pay")).toBe("refused");
        const looked = await subject.provider.getPayment(payment.providerReference);
        expect(looked.status).toBe("expired");
      });
    });

    describe("webhooks", () => {
      it("a delivered webhook verifies to the payment's new status, with a unique event id", async () => {
        const { event } = await paidWebhook();
        expect(event.eventId).toBeTruthy();
        expect(event.payment.amount).toEqual(EUR(4500));
      });

      it("a tampered body does not verify, while the original does (control)", async () => {
        const { webhook } = await paidWebhook();
        const text = new TextDecoder().decode(webhook.rawBody);
        const tampered = new TextEncoder().encode(text.replace("4500", "4501"));
        expect(tampered).not.toEqual(webhook.rawBody);
        expect(await verifies(webhook.rawBody, webhook.headers)).toBe(true);
        expect(await verifies(tampered, webhook.headers)).toBe(false);
      });

      it("a signature made with another secret does not verify, while the real secret's does (control)", async () => {
        const { webhook } = await paidWebhook();
        expect(await verifies(webhook.rawBody, await signedAt(webhook.rawBody, 0))).toBe(true);
        expect(await verifies(webhook.rawBody, await signedAt(webhook.rawBody, 0, true))).toBe(
          false,
        );
      });

      it("a timestamp 301 s old does not verify, while 299 s old does (control)", async () => {
        const { webhook } = await paidWebhook();
        const body = webhook.rawBody;
        expect(await verifies(body, await signedAt(body, -FIVE_MINUTES + 1000))).toBe(true);
        expect(await verifies(body, await signedAt(body, -FIVE_MINUTES - 1000))).toBe(false);
      });

      it("a timestamp 301 s in the future does not verify, while 299 s ahead does (control)", async () => {
        const { webhook } = await paidWebhook();
        const body = webhook.rawBody;
        expect(await verifies(body, await signedAt(body, FIVE_MINUTES - 1000))).toBe(true);
        expect(await verifies(body, await signedAt(body, FIVE_MINUTES + 1000))).toBe(false);
      });

      it("a correctly signed body that is not a payment event does not verify", async () => {
        const body = new TextEncoder().encode(
          JSON.stringify({ type: "payment.updated", data: {} }),
        );
        expect(await verifies(body, await signedAt(body, 0))).toBe(false);
        const notJson = new TextEncoder().encode("not json");
        expect(await verifies(notJson, await signedAt(notJson, 0))).toBe(false);
      });

      it("a webhook without signature headers does not verify", async () => {
        const { webhook } = await paidWebhook();
        expect(await verifies(webhook.rawBody, new Headers())).toBe(false);
      });
    });

    describe("two-step payments", () => {
      it("Pay only authorizes; capture then reports captured", async ({ skip }) => {
        if (!subject.twoStepProvider) return skip("the provider has no two-step mode");
        const provider = subject.twoStepProvider;
        const payment = await create(provider);
        expect(await subject.driver.buyer(payment, "pay")).toBe("accepted");
        expect((await provider.getPayment(payment.providerReference)).status).toBe("authorized");
        const captured = await provider.capture(payment.providerReference, EUR(4500));
        expect(captured).toMatchObject({ status: "captured", amount: EUR(4500) });
        expect((await provider.getPayment(payment.providerReference)).status).toBe("captured");
      });

      it("an authorization can be voided instead, and a voided payment cannot be captured", async ({
        skip,
      }) => {
        if (!subject.twoStepProvider) return skip("the provider has no two-step mode");
        const provider = subject.twoStepProvider;
        const payment = await create(provider);
        await subject.driver.buyer(payment, "pay");
        expect((await provider.void(payment.providerReference)).status).toBe("voided");
        await expect(provider.capture(payment.providerReference, EUR(4500))).rejects.toBeInstanceOf(
          PaymentProviderError,
        );
        expect((await provider.getPayment(payment.providerReference)).status).toBe("voided");
      });
    });

    describe("refunds", () => {
      it("refunds may be partial and repeated but never exceed what was captured", async () => {
        const payment = await create();
        await subject.driver.buyer(payment, "pay");
        const reference = payment.providerReference;
        await subject.provider.refund(reference, EUR(1500), { idempotencyKey: `${reference}_1` });
        expect(await subject.provider.getPayment(reference)).toMatchObject({
          status: "partially_refunded",
          amountRefunded: EUR(1500),
        });
        await expect(
          subject.provider.refund(reference, EUR(3001), { idempotencyKey: `${reference}_2` }),
        ).rejects.toBeInstanceOf(PaymentProviderError);
        await subject.provider.refund(reference, EUR(3000), { idempotencyKey: `${reference}_3` });
        expect(await subject.provider.getPayment(reference)).toMatchObject({
          status: "refunded",
          amountRefunded: EUR(4500),
        });
        await expect(
          subject.provider.refund(reference, EUR(1), { idempotencyKey: `${reference}_4` }),
        ).rejects.toBeInstanceOf(PaymentProviderError);
      });

      it("a refund retried with the same idempotency key refunds once", async () => {
        const payment = await create();
        await subject.driver.buyer(payment, "pay");
        const reference = payment.providerReference;
        const first = await subject.provider.refund(reference, EUR(1000), { idempotencyKey: "r1" });
        const retry = await subject.provider.refund(reference, EUR(1000), { idempotencyKey: "r1" });
        expect(retry.refundReference).toBe(first.refundReference);
        expect((await subject.provider.getPayment(reference)).amountRefunded).toEqual(EUR(1000));
      });

      it("an unpaid payment cannot be refunded", async () => {
        const payment = await create();
        await expect(
          subject.provider.refund(payment.providerReference, EUR(100), {
            idempotencyKey: "r_unpaid",
          }),
        ).rejects.toBeInstanceOf(PaymentProviderError);
      });
    });
  });
}
