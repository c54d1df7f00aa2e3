import type { Money } from "@admit/client/contract";
import {
  CaptureMethod,
  createMollieClient,
  type MollieClient,
  type Payment,
  PaymentEmbed,
  type PaymentMethod,
} from "@mollie/api-client";
import { failureMessage } from "../../errors/server-kit-error.js";
import {
  type CreatedPayment,
  type CreatePaymentInput,
  type ListedPayment,
  type LookupPaymentProvider,
  PaymentProviderError,
  type ProviderPayment,
  type RefundResult,
  WebhookVerificationError,
} from "../payment-provider.js";
import { toMollieAmount } from "./mollie-amount.js";
import {
  admitMetadata,
  type MollieAdmitMetadata,
  REFUND_STATUS,
  toProviderPayment,
} from "./mollie-payment.js";
import {
  BANK_TRANSFER_MAX_DUE_DAYS,
  MOLLIE_PAYMENT_ID,
  MOLLIE_PROVIDER_DEFAULTS,
  type MollieProviderOptions,
} from "./mollie-provider-options.js";

/** Any failure of an API call, as the kit expects it: nothing is assumed to have happened. */
function providerError(action: string, cause: unknown): PaymentProviderError {
  if (cause instanceof PaymentProviderError) return cause;
  // Duck-typed rather than `instanceof MollieApiError`: an injected client may be another copy.
  const error = cause as { message?: string; statusCode?: number; title?: string; field?: string };
  const code = error?.title?.toLowerCase().replace(/[^a-z]+/g, "_");
  return new PaymentProviderError(
    failureMessage(
      `${action} at Mollie (${error?.message ?? cause})`,
      "check that Mollie is reachable and the API key is valid; nothing is assumed to have happened",
    ),
    {
      ...(typeof error?.statusCode === "number" ? { status: error.statusCode } : {}),
      providerCode: error?.field ? `${code ?? "invalid"}:${error.field}` : code,
      cause,
    },
  );
}

/** A bank transfer's due date (`YYYY-MM-DD`): the hold's day, kept inside what Mollie accepts. */
function dueDate(expiresAt: Date, now: Date): string {
  const day = 86_400_000;
  const earliest = now.getTime() + day;
  const latest = earliest + BANK_TRANSFER_MAX_DUE_DAYS * day;
  return new Date(Math.min(Math.max(expiresAt.getTime(), earliest), latest))
    .toISOString()
    .slice(0, 10);
}

/**
 * The {@link LookupPaymentProvider} for Mollie's Payments API, on the official
 * `@mollie/api-client`. Each payment attempt is one Mollie payment; its `tr_…` id is the
 * `providerReference`.
 *
 * Mollie's notifications are unsigned `id=tr_…` form posts to the `webhookUrl` set on each
 * payment (the kit's `<publicUrl>/webhooks/mollie`, or `options.webhookUrl`), so the kit trusts
 * only its own lookup of the payment, and only for payments it created. Mollie has no expiry
 * parameter for most methods: a payment stays open for the method's own window (15 minutes for
 * cards and iDEAL, days for a bank transfer), and a payment that arrives after the hold expired
 * goes through the kit's late-payment rule (paid if seats remain, otherwise `manual_review`).
 *
 * @example
 * import { mollieProvider } from "@admit/server-kit/mollie";
 * const admit = createAdmit({
 *   providers: [mollieProvider({ apiKey: process.env.MOLLIE_API_KEY! })],
 *   publicUrl: "https://tickets.example.org/admit", // Mollie must reach <publicUrl>/webhooks/mollie
 *   // …
 * });
 */
export function mollieProvider(options: MollieProviderOptions): LookupPaymentProvider {
  const mollie: MollieClient = options.client ?? createMollieClient({ apiKey: options.apiKey });
  const captureMode = options.captureMode ?? MOLLIE_PROVIDER_DEFAULTS.captureMode;
  const clock = options.clock ?? MOLLIE_PROVIDER_DEFAULTS.clock;
  const methods = options.methods;
  const onlyBankTransfer =
    methods?.length === 1 && methods[0] === ("banktransfer" as PaymentMethod);

  async function retrieve(reference: string): Promise<Payment> {
    if (!MOLLIE_PAYMENT_ID.test(reference))
      throw new PaymentProviderError(
        failureMessage(
          `look up ${reference} at Mollie: it is not a Mollie payment id`,
          "pass the tr_… id the kit stored",
        ),
        {
          status: 404,
          providerCode: "not_found",
        },
      );
    try {
      return await mollie.payments.get(reference, { embed: [PaymentEmbed.refunds] });
    } catch (cause) {
      throw providerError(`look up ${reference}`, cause);
    }
  }

  /** The payment, after checking the kit asks in the payment's currency. */
  async function inCurrency(reference: string, amount: Money): Promise<Payment> {
    const payment = await retrieve(reference);
    if (payment.amount.currency !== amount.currency)
      throw new PaymentProviderError(
        failureMessage(
          `use Mollie payment ${reference}: it is in ${payment.amount.currency}, not ${amount.currency}`,
          "ask in the currency the payment was created in",
        ),
        { providerCode: "currency_mismatch" },
      );
    return payment;
  }

  const provider: LookupPaymentProvider = {
    name: options.name ?? MOLLIE_PROVIDER_DEFAULTS.name,
    verification: "lookup",
    captureMode,

    async createPayment(input: CreatePaymentInput, { idempotencyKey }): Promise<CreatedPayment> {
      const now = clock();
      if (input.expiresAt.getTime() <= now.getTime())
        throw new PaymentProviderError(
          failureMessage(
            "create a Mollie payment: the payment request's expiry has passed",
            "ask with an expiry in the future",
          ),
          {
            providerCode: "invalid_expiry",
          },
        );
      const webhookUrl = options.webhookUrl ?? input.webhookUrl;
      const metadata: MollieAdmitMetadata = {
        paymentId: input.paymentId,
        orderId: input.orderId,
        eventId: input.eventId ?? null,
        reference: input.reference ?? null,
      };
      let payment: Payment;
      try {
        payment = await mollie.payments.create({
          amount: toMollieAmount(input.amount),
          description: input.description,
          redirectUrl: input.returnUrl,
          ...(webhookUrl ? { webhookUrl } : {}),
          metadata,
          ...(methods ? { method: methods } : {}),
          ...(options.locale ? { locale: options.locale } : {}),
          ...(captureMode === "manual" ? { captureMode: CaptureMethod.manual } : {}),
          ...(onlyBankTransfer ? { dueDate: dueDate(input.expiresAt, now) } : {}),
          idempotencyKey,
        });
      } catch (cause) {
        throw providerError("create a payment", cause);
      }
      const paymentUrl = payment._links.checkout?.href;
      if (!paymentUrl)
        throw new PaymentProviderError(
          failureMessage(
            `use Mollie payment ${payment.id}: Mollie answered it without a checkout link`,
            "enable a payment method that has a hosted checkout",
          ),
        );
      return { providerReference: payment.id, paymentUrl };
    },

    async getPayment(reference): Promise<ProviderPayment> {
      return toProviderPayment(await retrieve(reference));
    },

    /**
     * Mollie lists payments newest first and cannot filter by metadata, so this pages through
     * the profile's payments (Mollie's `_links.next`) until one is older than `createdFrom`, and
     * keeps those whose `eventId` metadata matches. The refunded amount is Mollie's
     * `amountRefunded` (listings do not embed refunds).
     */
    async listPayments({ eventId, createdFrom }): Promise<ListedPayment[]> {
      const found: ListedPayment[] = [];
      try {
        for await (const payment of mollie.payments.iterate()) {
          const createdAt = new Date(payment.createdAt);
          if (createdAt < createdFrom) break;
          const metadata = admitMetadata(payment);
          if (metadata?.eventId !== eventId) continue;
          found.push({
            ...toProviderPayment(payment),
            orderId: metadata.orderId,
            eventId,
            createdAt,
          });
        }
      } catch (cause) {
        throw providerError("list payments", cause);
      }
      return found;
    },

    async capture(reference, amount): Promise<ProviderPayment> {
      await inCurrency(reference, amount);
      try {
        await mollie.paymentCaptures.create({
          paymentId: reference,
          amount: toMollieAmount(amount),
          idempotencyKey: `admit_capture_${reference}`,
        });
      } catch (cause) {
        throw providerError(`capture ${reference}`, cause);
      }
      return provider.getPayment(reference);
    },

    async void(reference): Promise<ProviderPayment> {
      const payment = await retrieve(reference);
      try {
        // An authorization is released; an open payment can be canceled only for the methods
        // Mollie marks `isCancelable` (bank transfer, direct debit), otherwise it stays open
        // until the method's own expiry and the kit notes it as left open.
        if (payment.status === "authorized") await mollie.payments.releaseAuthorization(reference);
        else if (payment.isCancelable) await mollie.payments.cancel(reference);
        else
          throw new PaymentProviderError(
            failureMessage(
              `cancel Mollie payment ${reference} (${payment.status}): its method cannot be canceled`,
              "let it expire at Mollie; the kit notes it as left open",
            ),
            { status: 422, providerCode: "payment_not_cancelable" },
          );
      } catch (cause) {
        throw providerError(`void ${reference}`, cause);
      }
      return provider.getPayment(reference);
    },

    async refund(reference, amount, { idempotencyKey }): Promise<RefundResult> {
      await inCurrency(reference, amount);
      try {
        const refund = await mollie.paymentRefunds.create({
          paymentId: reference,
          amount: toMollieAmount(amount),
          metadata: { refundKey: idempotencyKey },
          idempotencyKey,
        });
        return { refundReference: refund.id, status: REFUND_STATUS[refund.status] ?? "pending" };
      } catch (cause) {
        throw providerError(`refund ${reference}`, cause);
      }
    },

    readNotification(rawBody): string {
      let ids: string[];
      try {
        // Fatal decoding: bytes that are not UTF-8 are not Mollie's form post.
        const text = new TextDecoder("utf-8", { fatal: true }).decode(rawBody);
        ids = new URLSearchParams(text).getAll("id");
      } catch (cause) {
        throw new WebhookVerificationError(
          failureMessage(
            "read a Mollie notification: it is not a form post",
            "point only Mollie's webhook at this route",
          ),
          {
            cause,
          },
        );
      }
      const [id] = ids;
      if (ids.length !== 1 || !id || !MOLLIE_PAYMENT_ID.test(id))
        throw new WebhookVerificationError(
          failureMessage(
            "read a Mollie notification: it does not name exactly one payment id (id=tr_…)",
            "point only Mollie's webhook at this route",
          ),
        );
      return id;
    },
  };
  return provider;
}
