import type Stripe from "stripe";
import { failureMessage } from "../../errors/server-kit-error.js";
import {
  PaymentProviderError,
  type ProviderPayment,
  type ProviderPaymentStatus,
} from "../payment-provider.js";

/** What Admit stores on the Checkout Session and its PaymentIntent, echoed back in lookups. */
export interface StripeAdmitMetadata {
  paymentId: string;
  orderId: string;
  /** The host's reference; empty when none was given (Stripe metadata values are strings). */
  reference: string;
  /** The kit's event; empty when unknown. Reconciliation lists an event's sessions by it. */
  eventId: string;
}

/** The session lookup expands the PaymentIntent and its charge, which hold the money's state. */
export const SESSION_EXPAND = ["payment_intent", "payment_intent.latest_charge"];

function expandedIntent(session: Stripe.Checkout.Session): Stripe.PaymentIntent | null {
  const intent = session.payment_intent;
  if (intent === null) return null;
  if (typeof intent === "string")
    throw new PaymentProviderError(
      failureMessage(
        `read Stripe Checkout Session ${session.id}: it came without its expanded payment_intent`,
        "retrieve sessions with SESSION_EXPAND",
      ),
    );
  return intent;
}

function expandedCharge(intent: Stripe.PaymentIntent | null): Stripe.Charge | null {
  const charge = intent?.latest_charge ?? null;
  return typeof charge === "string" ? null : charge;
}

function statusOf(
  session: Stripe.Checkout.Session,
  intent: Stripe.PaymentIntent | null,
  charge: Stripe.Charge | null,
): ProviderPaymentStatus {
  // The PaymentIntent is where money moves; the session only says whether the page is still open.
  switch (intent?.status) {
    case "succeeded": {
      const refunded = charge?.amount_refunded ?? 0;
      if (charge && refunded >= charge.amount) return "refunded";
      return refunded > 0 ? "partially_refunded" : "captured";
    }
    case "requires_capture":
      return "authorized";
    case "canceled":
      return "voided";
  }
  if (session.status === "expired") return "expired";
  // A declined card leaves the session open for another try; the attempt failed all the same,
  // and a later success on the same session still moves the payment forward (the kit allows it).
  if (intent?.last_payment_error) return "failed";
  return "requested";
}

/**
 * Normalizes a Checkout Session retrieved with {@link SESSION_EXPAND} into the kit's view.
 *
 * @example
 * toProviderPayment(await stripe.checkout.sessions.retrieve(id, { expand: SESSION_EXPAND }));
 */
export function toProviderPayment(session: Stripe.Checkout.Session): ProviderPayment {
  if (session.amount_total === null || session.currency === null)
    throw new PaymentProviderError(
      failureMessage(
        `read Stripe Checkout Session ${session.id}: it has no amount_total or currency`,
        "create sessions with a price in one currency",
      ),
    );
  const intent = expandedIntent(session);
  const charge = expandedCharge(intent);
  const currency = session.currency.toUpperCase();
  const paymentId = session.metadata?.paymentId;
  return {
    providerReference: session.id,
    ...(paymentId ? { paymentId } : {}),
    status: statusOf(session, intent, charge),
    amount: { amount: session.amount_total, currency },
    ...(charge ? { amountRefunded: { amount: charge.amount_refunded, currency } } : {}),
  };
}
