import type { Money } from "@admit/client/contract";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CreatedPayment,
  type CreatePaymentInput,
  type LookupPaymentProvider,
  type PaymentProvider,
  PaymentProviderError,
  type ProviderEvent,
  type ProviderPaymentStatus,
  type SignedPaymentProvider,
  WebhookVerificationError,
} from "../payment-provider.js";

/** What the buyer does on the provider's payment page. */
export type BuyerChoice = "pay" | "decline" | "cancel";

/** A notification as a receiver got it: the exact bytes and the headers. */
export interface DeliveredNotification {
  rawBody: Uint8Array;
  headers: Headers;
}

/**
 * How the conformance suite plays the parts that are not the kit: the buyer and the provider's
 * clock, and it reads the notifications the provider delivered.
 */
export interface ConformanceDriver {
  /** The provider's current time (payment requests expire by it). */
  now(): Date;
  /** Acts as the buyer on the payment page; answers whether the provider accepted the choice. */
  buyer(payment: CreatedPayment, choice: BuyerChoice): Promise<"accepted" | "refused">;
  /** Moves the provider's clock forward. */
  advanceClock(ms: number): void | Promise<void>;
  /** Notifications the provider has delivered so far, as received (exact bytes and headers). */
  deliveredWebhooks(): readonly DeliveredNotification[];
}

/** A {@link ConformanceDriver} that can also sign notifications like a signed provider. */
export interface SignedConformanceDriver extends ConformanceDriver {
  /**
   * Signs `rawBody` the way the provider signs webhooks, at `timestamp`; `forge` signs with a
   * secret other than the provider's.
   */
  signWebhook(
    rawBody: Uint8Array,
    options: { id: string; timestamp: Date; forge?: boolean },
  ): Headers | Promise<Headers>;
}

interface SubjectOptions {
  /**
   * The shortest payment window the provider can enforce (Stripe Checkout: 30 min); the expiry
   * rule is checked with a window this long. Shorter holds rely on the kit's late-payment rule.
   * @default 60_000
   */
  shortestExpiryMs?: number;
}

/** A signed provider under test, as the kit would configure it. */
export interface SignedConformanceSubject extends SubjectOptions {
  /** Configured for automatic capture. */
  provider: SignedPaymentProvider;
  /** The same provider configured for two-step payments (`captureMode: "manual"`), if supported. */
  twoStepProvider?: SignedPaymentProvider;
  driver: SignedConformanceDriver;
}

/** A lookup provider under test, as the kit would configure it. */
export interface LookupConformanceSubject extends SubjectOptions {
  /** Configured for automatic capture. */
  provider: LookupPaymentProvider;
  /** The same provider configured for two-step payments (`captureMode: "manual"`), if supported. */
  twoStepProvider?: LookupPaymentProvider;
  driver: ConformanceDriver;
}

type Subject = SignedConformanceSubject | LookupConformanceSubject;
type Setup<S extends Subject> = () => Promise<S> | S;

const FIVE_MINUTES = 5 * 60_000;
const EUR = (amount: number): Money => ({ amount, currency: "EUR" });
let sequence = 0;
/**
 * Idempotency keys unique to this run: a provider keeps keys for a while (Stripe 24 h), so a
 * suite run again against the same test account must not reuse them with other requests.
 */
const RUN = Math.random().toString(36).slice(2, 10);
const key = (name: string) => `conformance_${RUN}_${name}`;

/** A payment request as the kit would make it, due in 10 min by the provider's clock. */
function paymentInput(subject: Subject, overrides: Partial<CreatePaymentInput> = {}) {
  sequence += 1;
  return {
    paymentId: `pay_conformance_${sequence}`,
    orderId: `ord_conformance_${sequence}`,
    amount: EUR(4500),
    expiresAt: new Date(subject.driver.now().getTime() + 10 * 60_000),
    returnUrl: `https://shop.example/admit/return/ord_conformance_${sequence}`,
    webhookUrl: "https://shop.example/admit/webhooks/provider",
    description: "2 × Standing, Spring concert",
    ...overrides,
  } satisfies CreatePaymentInput;
}

async function createPayment(
  subject: Subject,
  provider: PaymentProvider = subject.provider,
  overrides: Partial<CreatePaymentInput> = {},
): Promise<CreatedPayment> {
  return provider.createPayment(paymentInput(subject, overrides), {
    idempotencyKey: key(`create_${sequence}`),
  });
}

/** The rules every provider keeps, whatever its notifications; `subject()` is the set-up one. */
function sharedRules(subject: () => Subject): void {
  const input = (overrides: Partial<CreatePaymentInput> = {}) => paymentInput(subject(), overrides);
  const create = (provider?: PaymentProvider, overrides: Partial<CreatePaymentInput> = {}) =>
    createPayment(subject(), provider, overrides);

  describe("payment requests", () => {
    it("the same idempotency key creates one payment; another key creates another", async () => {
      const request = input();
      const first = await subject().provider.createPayment(request, {
        idempotencyKey: key("idem_a"),
      });
      const retry = await subject().provider.createPayment(request, {
        idempotencyKey: key("idem_a"),
      });
      const other = await subject().provider.createPayment(request, {
        idempotencyKey: key("idem_b"),
      });
      expect(retry.providerReference).toBe(first.providerReference);
      expect(other.providerReference).not.toBe(first.providerReference);
    });

    it("a new payment request is looked up as requested, with its amount and the kit's payment id", async () => {
      const request = input({ amount: EUR(1234) });
      const created = await subject().provider.createPayment(request, {
        idempotencyKey: key("new_1"),
      });
      expect(created.paymentUrl).toMatch(/^https?:\/\//);
      await expect(subject().provider.getPayment(created.providerReference)).resolves.toMatchObject(
        {
          providerReference: created.providerReference,
          paymentId: request.paymentId,
          status: "requested",
          amount: EUR(1234),
        },
      );
    });

    it("looking up an unknown payment fails with PaymentProviderError", async () => {
      await expect(subject().provider.getPayment("does_not_exist")).rejects.toBeInstanceOf(
        PaymentProviderError,
      );
    });
  });

  describe("listing an event's payments (optional listPayments)", () => {
    it("lists the payments created for the event since a time, with their status and order, and no others", async ({
      skip,
    }) => {
      const list = subject().provider.listPayments?.bind(subject().provider);
      if (!list) return skip();
      const since = new Date(subject().driver.now().getTime() - 1000);
      const eventId = `conformance-list-${++sequence}`;
      const open = await create(undefined, { eventId });
      const paid = await create(undefined, { eventId });
      const other = await create(undefined, { eventId: `${eventId}-other` });
      expect(await subject().driver.buyer(paid, "pay")).toBe("accepted");
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
      const later = new Date(subject().driver.now().getTime() + 3_600_000);
      expect(await list({ eventId, createdFrom: later })).toEqual([]);
    });
  });

  describe("status lookup after the buyer's choice", () => {
    it("after Pay, lookup reports captured with the full amount", async () => {
      const payment = await create();
      expect(await subject().driver.buyer(payment, "pay")).toBe("accepted");
      await expect(subject().provider.getPayment(payment.providerReference)).resolves.toMatchObject(
        {
          status: "captured",
          amount: EUR(4500),
        },
      );
    });

    it("after Decline, lookup reports failed", async () => {
      const payment = await create();
      expect(await subject().driver.buyer(payment, "decline")).toBe("accepted");
      const looked = await subject().provider.getPayment(payment.providerReference);
      expect(looked.status).toBe("failed");
    });

    it("after Cancel, lookup never reports the payment as paid or authorized", async () => {
      const payment = await create();
      await subject().driver.buyer(payment, "cancel");
      const looked = await subject().provider.getPayment(payment.providerReference);
      expect(["requested", "failed", "expired"]).toContain(looked.status);
    });

    it("payment is refused after the request's expiry, and lookup reports expired", async () => {
      const window = subject().shortestExpiryMs ?? 60_000;
      const payment = await create(undefined, {
        expiresAt: new Date(subject().driver.now().getTime() + window),
      });
      await subject().driver.advanceClock(window);
      expect(await subject().driver.buyer(payment, "pay")).toBe("refused");
      const looked = await subject().provider.getPayment(payment.providerReference);
      expect(looked.status).toBe("expired");
    });
  });

  describe("two-step payments", () => {
    it("Pay only authorizes; capture then reports captured", async ({ skip }) => {
      const provider = subject().twoStepProvider;
      if (!provider) return skip("the provider has no two-step mode");
      const payment = await create(provider);
      expect(await subject().driver.buyer(payment, "pay")).toBe("accepted");
      expect((await provider.getPayment(payment.providerReference)).status).toBe("authorized");
      const captured = await provider.capture(payment.providerReference, EUR(4500));
      expect(captured).toMatchObject({ status: "captured", amount: EUR(4500) });
      expect((await provider.getPayment(payment.providerReference)).status).toBe("captured");
    });

    it("an authorization can be voided instead, and a voided payment cannot be captured", async ({
      skip,
    }) => {
      const provider = subject().twoStepProvider;
      if (!provider) return skip("the provider has no two-step mode");
      const payment = await create(provider);
      await subject().driver.buyer(payment, "pay");
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
      await subject().driver.buyer(payment, "pay");
      const reference = payment.providerReference;
      await subject().provider.refund(reference, EUR(1500), {
        idempotencyKey: key(`${reference}_1`),
      });
      expect(await subject().provider.getPayment(reference)).toMatchObject({
        status: "partially_refunded",
        amountRefunded: EUR(1500),
      });
      await expect(
        subject().provider.refund(reference, EUR(3001), { idempotencyKey: key(`${reference}_2`) }),
      ).rejects.toBeInstanceOf(PaymentProviderError);
      await subject().provider.refund(reference, EUR(3000), {
        idempotencyKey: key(`${reference}_3`),
      });
      expect(await subject().provider.getPayment(reference)).toMatchObject({
        status: "refunded",
        amountRefunded: EUR(4500),
      });
      await expect(
        subject().provider.refund(reference, EUR(1), { idempotencyKey: key(`${reference}_4`) }),
      ).rejects.toBeInstanceOf(PaymentProviderError);
    });

    it("a refund retried with the same idempotency key refunds once", async () => {
      const payment = await create();
      await subject().driver.buyer(payment, "pay");
      const reference = payment.providerReference;
      const first = await subject().provider.refund(reference, EUR(1000), {
        idempotencyKey: key("r1"),
      });
      const retry = await subject().provider.refund(reference, EUR(1000), {
        idempotencyKey: key("r1"),
      });
      expect(retry.refundReference).toBe(first.refundReference);
      expect((await subject().provider.getPayment(reference)).amountRefunded).toEqual(EUR(1000));
    });

    it("an unpaid payment cannot be refunded", async () => {
      const payment = await create();
      await expect(
        subject().provider.refund(payment.providerReference, EUR(100), {
          idempotencyKey: key("r_unpaid"),
        }),
      ).rejects.toBeInstanceOf(PaymentProviderError);
    });
  });
}

/** The notification rules of a signed provider. */
function signedNotificationRules(subject: () => SignedConformanceSubject): void {
  /** Waits until a delivered webhook verifies to this payment in this status. */
  async function webhookFor(
    reference: string,
    status: ProviderPaymentStatus,
  ): Promise<{ webhook: DeliveredNotification; event: ProviderEvent }> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      for (const webhook of subject().driver.deliveredWebhooks()) {
        const event = await subject()
          .provider.verifyWebhook(webhook.rawBody, webhook.headers)
          .catch(() => undefined);
        if (event?.payment.providerReference === reference && event.payment.status === status) {
          return { webhook, event };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no verified ${status} webhook for ${reference} arrived`);
  }

  async function paidWebhook(): Promise<{ webhook: DeliveredNotification; event: ProviderEvent }> {
    const payment = await createPayment(subject());
    expect(await subject().driver.buyer(payment, "pay")).toBe("accepted");
    return webhookFor(payment.providerReference, "captured");
  }

  async function verifies(rawBody: Uint8Array, headers: Headers): Promise<boolean> {
    try {
      await subject().provider.verifyWebhook(rawBody, headers);
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookVerificationError);
      return false;
    }
  }

  async function signedAt(rawBody: Uint8Array, offsetMs: number, forge = false) {
    const timestamp = new Date(Date.now() + offsetMs);
    return subject().driver.signWebhook(rawBody, {
      id: `msg_test_${++sequence}`,
      timestamp,
      forge,
    });
  }

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
      expect(await verifies(webhook.rawBody, await signedAt(webhook.rawBody, 0, true))).toBe(false);
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
      const body = new TextEncoder().encode(JSON.stringify({ type: "payment.updated", data: {} }));
      expect(await verifies(body, await signedAt(body, 0))).toBe(false);
      const notJson = new TextEncoder().encode("not json");
      expect(await verifies(notJson, await signedAt(notJson, 0))).toBe(false);
    });

    it("a webhook without signature headers does not verify", async () => {
      const { webhook } = await paidWebhook();
      expect(await verifies(webhook.rawBody, new Headers())).toBe(false);
    });
  });
}

/** The notification rules of a lookup provider. */
function lookupNotificationRules(subject: () => LookupConformanceSubject): void {
  /** Waits until a delivered notification names this payment. */
  async function notificationFor(reference: string): Promise<DeliveredNotification> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      for (const delivered of subject().driver.deliveredWebhooks()) {
        const named = readsAs(delivered.rawBody, delivered.headers);
        if (named === reference) return delivered;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no notification naming ${reference} arrived`);
  }

  /** The reference a body reads as, or `undefined` when it does not read. */
  function readsAs(rawBody: Uint8Array, headers: Headers): string | undefined {
    try {
      return subject().provider.readNotification(rawBody, headers);
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookVerificationError);
      return undefined;
    }
  }

  describe("notifications (lookup)", () => {
    it("after Pay a delivered notification names the payment, and only the lookup tells it is captured", async () => {
      const payment = await createPayment(subject());
      expect(await subject().driver.buyer(payment, "pay")).toBe("accepted");
      const delivered = await notificationFor(payment.providerReference);
      expect(readsAs(delivered.rawBody, delivered.headers)).toBe(payment.providerReference);
      await expect(subject().provider.getPayment(payment.providerReference)).resolves.toMatchObject(
        { providerReference: payment.providerReference, status: "captured", amount: EUR(4500) },
      );
    });

    it("a body that claims a status names the same payment and nothing more: the lookup still says requested", async () => {
      const paid = await createPayment(subject());
      await subject().driver.buyer(paid, "pay");
      const delivered = await notificationFor(paid.providerReference);
      const open = await createPayment(subject());
      const text = new TextDecoder().decode(delivered.rawBody);
      const forged = new TextEncoder().encode(
        `${text.replace(paid.providerReference, open.providerReference)}&status=paid&amount=4500`,
      );
      expect(readsAs(forged, delivered.headers)).toBe(open.providerReference);
      expect((await subject().provider.getPayment(open.providerReference)).status).toBe(
        "requested",
      );
    });

    it("a body that names no well-formed payment id does not read, while a delivered one does (control)", async () => {
      const payment = await createPayment(subject());
      await subject().driver.buyer(payment, "pay");
      const delivered = await notificationFor(payment.providerReference);
      expect(readsAs(delivered.rawBody, delivered.headers)).toBe(payment.providerReference);
      const text = new TextDecoder().decode(delivered.rawBody);
      for (const body of [
        "",
        "not a form",
        JSON.stringify({ id: payment.providerReference }),
        `${text}&${text}`,
        text.replace(payment.providerReference, "../payments"),
      ]) {
        expect(readsAs(new TextEncoder().encode(body), delivered.headers), body).toBeUndefined();
      }
    });
  });
}

/**
 * Runs the rules every {@link SignedPaymentProvider} must keep (payment requests, lookups,
 * expiry, refunds, two-step payments, listing, and signed notifications: tampered bodies, forged
 * signatures, timestamps 301 s old or ahead with 299 s controls), against a real or locally
 * running provider. Call it at the top level of a vitest test file; `setup` runs once before the
 * tests (in `beforeAll`). Needs `vitest` (the kit's optional peer dependency).
 *
 * @example
 * import { signedProviderConformance } from "@admit/server-kit/testing";
 *
 * signedProviderConformance("my-psp", async () => ({
 *   provider: myProvider({ apiKey, webhookSecret }),
 *   driver: {
 *     now: () => new Date(),
 *     advanceClock: (ms) => psp.advance(ms),
 *     buyer: (payment, choice) => psp.act(payment.providerReference, choice),
 *     deliveredWebhooks: () => receiver.received,
 *     signWebhook: (body, { id, timestamp, forge }) => psp.sign(body, id, timestamp, forge),
 *   },
 * }));
 */
export function signedProviderConformance(
  name: string,
  setup: Setup<SignedConformanceSubject>,
): void {
  describe(`${name} keeps the PaymentProvider rules (signed notifications)`, () => {
    let subject: SignedConformanceSubject | undefined;
    const current = () => {
      if (!subject) throw new Error(`${name}: the conformance setup did not finish`);
      return subject;
    };
    beforeAll(async () => {
      subject = await setup();
      expect(subject.provider.verification ?? "signed").toBe("signed");
    });
    sharedRules(current);
    signedNotificationRules(current);
  });
}

/**
 * Runs the rules every {@link LookupPaymentProvider} must keep (the shared rules of
 * {@link signedProviderConformance}, and lookup notifications: a delivered notification names
 * the payment, a body is never believed beyond the id, malformed bodies do not read). Call it at
 * the top level of a vitest test file; `setup` runs once before the tests. Needs `vitest`.
 *
 * @example
 * import { lookupProviderConformance } from "@admit/server-kit/testing";
 *
 * lookupProviderConformance("mollie", () => ({
 *   provider: mollieProvider({ apiKey: "test_…" }),
 *   shortestExpiryMs: 15 * 60_000,
 *   driver: {
 *     now: () => mock.now(),
 *     advanceClock: (ms) => mock.advance(ms),
 *     buyer: async (payment, choice) => mock.buyer(payment.providerReference, choice),
 *     deliveredWebhooks: () => mock.notifications,
 *   },
 * }));
 */
export function lookupProviderConformance(
  name: string,
  setup: Setup<LookupConformanceSubject>,
): void {
  describe(`${name} keeps the PaymentProvider rules (lookup notifications)`, () => {
    let subject: LookupConformanceSubject | undefined;
    const current = () => {
      if (!subject) throw new Error(`${name}: the conformance setup did not finish`);
      return subject;
    };
    beforeAll(async () => {
      subject = await setup();
      expect(subject.provider.verification).toBe("lookup");
    });
    sharedRules(current);
    lookupNotificationRules(current);
  });
}
