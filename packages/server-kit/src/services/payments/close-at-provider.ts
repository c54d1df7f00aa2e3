import { isPaymentProviderError } from "../../providers/payment-provider.js";
import type { Queryable } from "../../store/store.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import { appendTimeline } from "../timeline/timeline.js";
import { applyProviderPayment } from "./payment-confirmation.js";

/** A payment attempt to close at its provider once the transaction that gave it up committed. */
export interface AttemptToClose {
  payment_id: string;
  order_id: string;
  provider: string;
  provider_reference: string | null;
}

/**
 * The order's attempts the provider may still take money on (`failed` included: a provider may
 * let the buyer pay the same attempt after a decline), optionally all but one.
 */
export async function openAttempts(
  q: Queryable,
  orderId: string,
  exceptPaymentId?: string,
): Promise<AttemptToClose[]> {
  return q.query<AttemptToClose>(
    `select id as payment_id, order_id, provider, provider_reference from admit_payment_attempts
     where order_id = $1 and status in ('requested', 'authorized', 'failed')
       and provider_reference is not null and id <> $2`,
    [orderId, exceptPaymentId ?? ""],
  );
}

/**
 * Close a given-up payment at its provider where the provider allows it (Stripe expires the
 * Checkout Session; the sandbox voids only authorizations), then apply what the provider
 * says through the usual confirmation rules. A provider that refuses or is down changes
 * nothing but a `payment.left_open` timeline entry: a payment that still arrives resolves by
 * the late-payment rules (an order already paid flags it as `payment.extra`).
 */
export async function closeAtProvider(ctx: KitContext, attempt: AttemptToClose): Promise<void> {
  const provider = ctx.providers.get(attempt.provider);
  if (!provider || !attempt.provider_reference) return;
  try {
    const payment = await provider.void(attempt.provider_reference);
    await applyProviderPayment(ctx, provider, payment, { kind: "lookup" });
  } catch (error) {
    if (!isPaymentProviderError(error)) return ctx.options.onError(error);
    await appendTimeline(ctx.store, {
      type: "payment.left_open",
      actor: SYSTEM.provider(provider.name),
      orderId: attempt.order_id,
      reason: "the provider did not close the payment; a payment that still arrives is flagged",
      data: {
        paymentId: attempt.payment_id,
        providerReference: attempt.provider_reference,
        failure: error.providerCode ?? error.status ?? "provider_unavailable",
      },
    }).catch(ctx.options.onError);
  }
}
