import type { Money } from "@admit/client/contract";

/** A payment's status as a provider reports it, normalized. */
export type ProviderPaymentStatus =
  | "requested"
  | "authorized"
  | "captured"
  | "failed"
  | "expired"
  | "voided"
  | "refunded"
  | "partially_refunded";

/** What the kit asks a provider to collect. */
export interface CreatePaymentInput {
  /** The kit's payment attempt id (`pay_…`); providers keep it as metadata and echo it back. */
  paymentId: string;
  /** The order the payment belongs to (`ord_…`). */
  orderId: string;
  amount: Money;
  /** The provider must refuse payment after this instant (the hold's expiry). */
  expiresAt: Date;
  /** Where the provider sends the buyer afterwards (the kit's `/return/:orderId`). */
  returnUrl: string;
  /**
   * The kit's notification route for this provider (`<publicUrl>/webhooks/<name>`), for providers
   * that take a notification URL per payment (Mollie's `webhookUrl`).
   */
  webhookUrl?: string;
  /** Shown to the buyer on the payment page. */
  description: string;
  buyerEmail?: string;
  /** The host's reference (invoice, deal), passed through for the provider's dashboard. */
  reference?: string;
  /** The event the order is for (`evt_…` slug); kept as metadata so {@link PaymentProvider.listPayments} can filter by it. */
  eventId?: string;
}

export interface CreatedPayment {
  /** The provider's id of the payment; the kit stores it and looks the payment up by it. */
  providerReference: string;
  /** Where the buyer pays. */
  paymentUrl: string;
}

/** A payment as the provider knows it, read server-side (lookup) or from a verified webhook. */
export interface ProviderPayment {
  providerReference: string;
  /** The kit's `pay_…` id echoed back, when the provider carries metadata. */
  paymentId?: string;
  status: ProviderPaymentStatus;
  /** What the provider collected or authorized; compared with the order before `paid`. */
  amount: Money;
  /** Refunded so far, where known. */
  amountRefunded?: Money;
}

/** What {@link PaymentProvider.listPayments} looks for. */
export interface ListPaymentsQuery {
  /** Only payments the kit created for this event (the `eventId` metadata). */
  eventId: string;
  /** Only payments created at or after this instant. */
  createdFrom: Date;
}

/** A payment found by {@link PaymentProvider.listPayments}, with the kit's metadata. */
export interface ListedPayment extends ProviderPayment {
  /** The kit's `ord_…` id the payment was created for. */
  orderId?: string;
  eventId?: string;
  createdAt: Date;
}

/** A verified, normalized provider notification. */
export interface ProviderEvent {
  /** The provider's unique id of this notification; the kit deduplicates on it in the database. */
  eventId: string;
  payment: ProviderPayment;
}

export interface RefundResult {
  refundReference: string;
  status: "succeeded" | "pending" | "failed";
  /** Why a `failed` refund failed, in the provider's words (e.g. `refund_impossible`). */
  failureReason?: string;
}

/**
 * How a provider's notifications are trusted, which decides the rules the kit's
 * `POST /webhooks/:name` route applies:
 *
 * - `"signed"`: the notification carries the payment's new state, signed by the provider over
 *   the exact raw body with a timestamp (Stripe, the sandbox). The kit trusts it once
 *   {@link SignedPaymentProvider.verifyWebhook} verified it, and deduplicates on its event id.
 * - `"lookup"`: the notification is an unsigned ping that only names a payment (Mollie's
 *   `id=tr_…`). The kit reads nothing from it but that id, ignores ids of payments it did not
 *   create (200, nothing changed, no lookup), looks the payment up with
 *   {@link PaymentProviderBase.getPayment} and changes state only from that answer; a failed
 *   lookup changes nothing and answers 502 so that the provider delivers it again.
 */
export type NotificationVerification = "signed" | "lookup";

/** What every provider does, whatever its notifications look like. */
export interface PaymentProviderBase {
  /** Route segment of the provider's webhook: `POST /webhooks/:name`. */
  readonly name: string;
  readonly captureMode: "automatic" | "manual";
  /** Create a payment request; `idempotencyKey` makes a retried call create nothing twice. */
  createPayment(
    input: CreatePaymentInput,
    options: { idempotencyKey: string },
  ): Promise<CreatedPayment>;
  /** Server-side status lookup. */
  getPayment(providerReference: string): Promise<ProviderPayment>;
  /**
   * The payments the kit created for one event since a time, as the provider knows them
   * (reconciliation finds payments no local order knows with it). Optional: without it,
   * reconciliation cannot report `payment_without_order` for this provider.
   */
  listPayments?(query: ListPaymentsQuery): Promise<ListedPayment[]>;
  /**
   * The longest payment window the provider accepts, in ms (Stripe Checkout: 24 h). Payment
   * links are shortened to it; unset means no limit.
   */
  readonly maxPaymentLifetimeMs?: number;
  capture(providerReference: string, amount: Money): Promise<ProviderPayment>;
  void(providerReference: string): Promise<ProviderPayment>;
  refund(
    providerReference: string,
    amount: Money,
    options: { idempotencyKey: string },
  ): Promise<RefundResult>;
}

/**
 * A provider whose notifications are signed and carry the payment's state (Stripe, the sandbox).
 *
 * @example
 * const provider: SignedPaymentProvider = stripeProvider({ secretKey, webhookSecret });
 * const event = await provider.verifyWebhook(rawBody, request.headers); // throws if forged
 */
export interface SignedPaymentProvider extends PaymentProviderBase {
  /** How its notifications are trusted; absent means `"signed"` (providers written before lookups). */
  readonly verification?: "signed";
  /**
   * Verify a notification against the exact raw body and its headers (signature and timestamp),
   * then normalize it. Throws {@link WebhookVerificationError} when anything does not verify.
   */
  verifyWebhook(rawBody: Uint8Array, headers: Headers): Promise<ProviderEvent>;
}

/**
 * A provider whose notifications are unsigned pings naming a payment (Mollie): the kit looks the
 * payment up and trusts only that answer.
 *
 * @example
 * const provider: LookupPaymentProvider = mollieProvider({ apiKey });
 * const reference = provider.readNotification(rawBody, request.headers); // "tr_…", nothing else
 * const payment = await provider.getPayment(reference); // the only word the kit trusts
 */
export interface LookupPaymentProvider extends PaymentProviderBase {
  readonly verification: "lookup";
  /**
   * The payment a notification names (its `providerReference`), read from the exact raw body;
   * nothing else in the body is read. Throws {@link WebhookVerificationError} when the body does
   * not name exactly one well-formed payment id. Makes no network call.
   */
  readNotification(rawBody: Uint8Array, headers: Headers): string;
}

/**
 * What the kit needs from a payment service provider. The kit never trusts the browser:
 * it confirms a payment only from a verified signed notification
 * ({@link SignedPaymentProvider.verifyWebhook}) or a server-side lookup
 * ({@link PaymentProviderBase.getPayment}), by the provider's {@link NotificationVerification}.
 *
 * Two-step providers (`captureMode: "manual"`) report `authorized`; the kit captures only
 * after its capacity re-check passes and voids the authorization otherwise.
 */
export type PaymentProvider = SignedPaymentProvider | LookupPaymentProvider;

/**
 * Whether the provider's notifications are lookups (see {@link NotificationVerification}).
 *
 * @example
 * if (isLookupProvider(provider)) provider.readNotification(body, headers);
 * else await provider.verifyWebhook(body, headers);
 */
export function isLookupProvider(provider: PaymentProvider): provider is LookupPaymentProvider {
  return provider.verification === "lookup";
}

export { isPaymentProviderError, PaymentProviderError } from "../errors/payment-provider-error.js";
export {
  isWebhookVerificationError,
  WebhookVerificationError,
} from "../errors/webhook-verification-error.js";
