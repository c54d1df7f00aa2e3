import type { LookupPaymentProvider, ProviderPayment } from "../../providers/payment-provider.js";
import type { KitContext } from "../kit-context.js";
import { applyProviderPayment } from "./payment-confirmation.js";

/** What a lookup notification did: whether it named a payment of the kit's, and any change. */
export interface LookupNotificationResult {
  /** The reference belongs to a payment attempt the kit created with this provider. */
  known: boolean;
  changed: boolean;
}

/**
 * The state a lookup answered, as the notification's deduplication key: the same state looked up
 * twice (a redelivered ping, two pings racing) is applied once, while a later state of the same
 * payment (paid, then refunded) is a new notification.
 */
export function lookupEventId(payment: ProviderPayment): string {
  const refunded = payment.amountRefunded?.amount ?? 0;
  return `lookup:${payment.providerReference}:${payment.status}:${payment.amount.amount}:${refunded}`;
}

/**
 * Apply an unsigned notification that only names a payment (`"lookup"` providers, Mollie), by
 * the rules of lifecycle.md:
 *
 * 1. The reference must belong to a payment attempt the kit created with this provider; any
 *    other changes nothing and is not even looked up (a forged ping cannot make the kit call
 *    the provider, and the answer is the same 200, so it learns nothing).
 * 2. The payment is looked up server-side; a failed lookup throws (the caller answers 502 and
 *    the provider delivers again), with nothing changed.
 * 3. The answer must be about the payment asked for; then it is applied like a verified
 *    notification, deduplicated by {@link lookupEventId}.
 *
 * @example
 * const reference = provider.readNotification(rawBody, request.headers);
 * const { changed } = await applyLookupNotification(kit, provider, reference);
 */
export async function applyLookupNotification(
  ctx: KitContext,
  provider: LookupPaymentProvider,
  reference: string,
): Promise<LookupNotificationResult> {
  const [attempt] = await ctx.store.query<{ id: string }>(
    "select id from admit_payment_attempts where provider = $1 and provider_reference = $2 limit 1",
    [provider.name, reference],
  );
  if (!attempt) return { known: false, changed: false };
  const payment = await provider.getPayment(reference);
  // The lookup answers for the id asked; anything else is not this payment's state.
  if (payment.providerReference !== reference) return { known: true, changed: false };
  // The payment's own metadata must name this attempt, where the provider keeps it.
  if (payment.paymentId !== undefined && payment.paymentId !== attempt.id)
    return { known: true, changed: false };
  const changed = await applyProviderPayment(ctx, provider, payment, {
    kind: "webhook",
    eventId: lookupEventId(payment),
  });
  return { known: true, changed };
}
