import { Money } from "@admit/client/contract";
import * as z from "zod/mini";
import type { ProviderPayment } from "../payment-provider.js";

/**
 * The sandbox's own payment statuses. They are deliberately not the kit's
 * {@link ProviderPayment} statuses: like a real provider, the sandbox keeps refunds as an amount
 * beside a `captured` payment and records why a payment failed, and the client maps that
 * (`toProviderPayment` in `sandbox-provider.ts`).
 */
export const SandboxPaymentStatus = z.enum([
  "requested",
  "authorized",
  "captured",
  "failed",
  "expired",
  "voided",
]);
export type SandboxPaymentStatus = z.infer<typeof SandboxPaymentStatus>;

/** Why a payment failed: the buyer pressed Decline (card refused) or Cancel (gave up). */
export const SandboxFailureReason = z.enum(["declined", "cancelled"]);
export type SandboxFailureReason = z.infer<typeof SandboxFailureReason>;

/** A payment as the sandbox's API answers it and as its webhooks carry it. */
export const SandboxPayment = z.object({
  /** `sbx_pay_…` */
  id: z.string().check(z.startsWith("sbx_pay_")),
  status: SandboxPaymentStatus,
  failureReason: z.nullable(SandboxFailureReason),
  captureMode: z.enum(["automatic", "manual"]),
  /** What was requested. */
  amount: Money,
  /** What was captured (zero until captured; a manual capture may take less than requested). */
  amountCaptured: Money,
  amountRefunded: Money,
  paymentId: z.string(),
  orderId: z.string(),
  description: z.string(),
  reference: z.optional(z.string()),
  eventId: z.optional(z.string()),
  buyerEmail: z.optional(z.string()),
  returnUrl: z.string(),
  paymentUrl: z.string(),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SandboxPayment = z.infer<typeof SandboxPayment>;

/** The body of every sandbox webhook. */
export const SandboxWebhookEvent = z.object({
  type: z.literal("payment.updated"),
  createdAt: z.iso.datetime(),
  data: SandboxPayment,
});
export type SandboxWebhookEvent = z.infer<typeof SandboxWebhookEvent>;

/**
 * Why the sandbox failed a refund (see `SandboxService.setRefundFailure`): `refund_impossible`
 * like a voucher-type method that cannot be refunded, `insufficient_funds` like a merchant
 * balance that cannot cover it.
 */
export const SandboxRefundFailure = z.enum(["refund_impossible", "insufficient_funds"]);
export type SandboxRefundFailure = z.infer<typeof SandboxRefundFailure>;

/** The sandbox's answer to a refund: `failed` refunds returned nothing. */
export const SandboxRefund = z.object({
  id: z.string().check(z.startsWith("sbx_ref_")),
  paymentId: z.string(),
  amount: Money,
  status: z.enum(["succeeded", "failed"]),
  failureReason: z.optional(z.nullable(SandboxRefundFailure)),
  createdAt: z.iso.datetime(),
});
export type SandboxRefund = z.infer<typeof SandboxRefund>;

/**
 * Maps a sandbox payment to the kit's normalized view.
 *
 * | sandbox                                   | kit                  |
 * |-------------------------------------------|----------------------|
 * | `requested`                               | `requested`          |
 * | `authorized` (manual capture, after Pay)  | `authorized`         |
 * | `captured`, nothing refunded              | `captured`           |
 * | `captured`, part refunded                 | `partially_refunded` |
 * | `captured`, all refunded                  | `refunded`           |
 * | `failed` (Decline or Cancel)              | `failed`             |
 * | `expired`                                 | `expired`            |
 * | `voided`                                  | `voided`             |
 */
export function toProviderPayment(payment: SandboxPayment): ProviderPayment {
  const captured = payment.status === "captured";
  const refunded = payment.amountRefunded.amount;
  let status: ProviderPayment["status"] = payment.status;
  if (captured && refunded > 0) {
    status = refunded >= payment.amountCaptured.amount ? "refunded" : "partially_refunded";
  }
  return {
    providerReference: payment.id,
    paymentId: payment.paymentId,
    status,
    amount: captured ? payment.amountCaptured : payment.amount,
    amountRefunded: payment.amountRefunded,
  };
}

/** The answer of `GET /api/payments`. */
export const SandboxPaymentList = z.object({ data: z.array(SandboxPayment) });
export type SandboxPaymentList = z.infer<typeof SandboxPaymentList>;
