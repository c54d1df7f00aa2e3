import type { Payment, Refund } from "@mollie/api-client";
import { failureMessage } from "../../errors/server-kit-error.js";
import {
  PaymentProviderError,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type RefundResult,
} from "../payment-provider.js";
import { fromMollieAmount } from "./mollie-amount.js";

/** What Admit stores as the Mollie payment's `metadata`, echoed back in lookups and listings. */
export interface MollieAdmitMetadata {
  paymentId: string;
  orderId: string;
  /** The kit's event, or `null`; reconciliation lists an event's payments by it. */
  eventId: string | null;
  /** The host's reference, or `null`. */
  reference: string | null;
}

/** Reads the kit's metadata back from a payment; `undefined` for payments the kit did not make. */
export function admitMetadata(payment: Pick<Payment, "metadata">): MollieAdmitMetadata | undefined {
  const metadata = payment.metadata as Partial<MollieAdmitMetadata> | null | undefined;
  if (typeof metadata !== "object" || metadata === null) return undefined;
  if (typeof metadata.paymentId !== "string" || typeof metadata.orderId !== "string")
    return undefined;
  return {
    paymentId: metadata.paymentId,
    orderId: metadata.orderId,
    eventId: typeof metadata.eventId === "string" ? metadata.eventId : null,
    reference: typeof metadata.reference === "string" ? metadata.reference : null,
  };
}

/**
 * A refund's own status as the kit counts it: queued, pending and processing refunds are on
 * their way (the money is committed, Mollie no longer counts it as refundable); `refunded` is
 * done; `failed` and `canceled` gave nothing back.
 */
export const REFUND_STATUS: Record<string, RefundResult["status"]> = {
  queued: "pending",
  pending: "pending",
  processing: "pending",
  refunded: "succeeded",
  failed: "failed",
  canceled: "failed",
};

/** Whether a refund counts against the payment (everything but failed or canceled ones). */
export function refundCounts(refund: Pick<Refund, "status">): boolean {
  return REFUND_STATUS[refund.status] !== "failed";
}

function statusOf(payment: Payment, refunded: number, paid: number): ProviderPaymentStatus {
  switch (payment.status) {
    case "paid":
      if (refunded === 0) return "captured";
      return refunded >= paid ? "refunded" : "partially_refunded";
    case "authorized":
      return "authorized";
    case "expired":
      return "expired";
    case "failed":
      return "failed";
    case "canceled":
      // Canceled after an authorization is a released hold; before it, the buyer (or the kit,
      // for the few methods that allow it) gave up, and a new attempt may follow.
      return payment.authorizedAt ? "voided" : "failed";
    case "open":
    case "pending":
      return "requested";
    default:
      throw new PaymentProviderError(
        failureMessage(
          `read Mollie payment ${payment.id}: its status ${payment.status} is unknown to the kit`,
          "use a Mollie API version whose payment statuses the kit maps",
        ),
        {
          providerCode: "unexpected_status",
        },
      );
  }
}

/**
 * Normalizes a Mollie payment into the kit's view. The refunded amount is the sum of the
 * payment's refunds by their own statuses when they are embedded (`embed=refunds`), else
 * Mollie's `amountRefunded`.
 *
 * @example
 * toProviderPayment(await mollie.payments.get(id, { embed: [PaymentEmbed.refunds] }));
 */
export function toProviderPayment(payment: Payment): ProviderPayment {
  const amount = fromMollieAmount(payment.amount);
  // What was captured, for two-step payments that captured less than authorized.
  const paid =
    payment.status === "paid" && payment.amountCaptured
      ? fromMollieAmount(payment.amountCaptured)
      : amount;
  const refunds = payment._embedded?.refunds;
  const refunded = refunds
    ? refunds
        .filter(refundCounts)
        .reduce((sum, refund) => sum + fromMollieAmount(refund.amount).amount, 0)
    : payment.amountRefunded
      ? fromMollieAmount(payment.amountRefunded).amount
      : 0;
  const metadata = admitMetadata(payment);
  return {
    providerReference: payment.id,
    ...(metadata ? { paymentId: metadata.paymentId } : {}),
    status: statusOf(payment, refunded, paid.amount),
    amount: paid,
    ...(payment.status === "paid"
      ? { amountRefunded: { amount: refunded, currency: amount.currency } }
      : {}),
  };
}
