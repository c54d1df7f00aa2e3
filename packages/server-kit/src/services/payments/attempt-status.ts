import type { Actor, PaymentAttemptStatus } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { recordLinkPaid } from "../payment-links/link-paid.js";
import { appendTimeline } from "../timeline/timeline.js";
import type { AttemptRow } from "./attempt-row.js";

// The one place that writes `admit_payment_attempts.status` after the insert (`requested`, in
// checkout). From `shared/design/lifecycle.md`: transitions are monotonic and notifications may
// arrive in any order. Money taken is never undone by a late word: nothing leaves `captured` but
// a refund, and refunded money only grows, so the refund statuses only move forward.

/** Attempts that took money (some of it may have gone back since). */
export const CAPTURED_STATUSES = ["captured", "partially_refunded", "refunded"] as const;
/** Attempts that took money: a notification that it was authorized or captured changes nothing. */
export const CAPTURED: ReadonlySet<PaymentAttemptStatus> = new Set(CAPTURED_STATUSES);
/** Attempts still waiting for the provider's word: only these may fail, be voided or expire. */
export const OPEN: ReadonlySet<PaymentAttemptStatus> = new Set(["requested", "authorized"]);

/** The refund statuses: where any attempt not yet fully refunded may go when money comes back. */
const REFUNDS = ["partially_refunded", "refunded"] as const;

/**
 * Every legal move of a payment attempt's status: `from` → the statuses it may become. Staying
 * where it is is no move (a duplicate notification changes nothing).
 *
 * - An open attempt takes the provider's word, whatever it is.
 * - A `failed`, `voided` or `expired` attempt may still be reported authorized or captured (a
 *   later success, or a late payment after the kit expired it): money taken is always recorded.
 *   An authorization reported then, that the kit cannot use, is voided.
 * - A refund reported for an attempt the kit never saw captured (its capture notification lost)
 *   is recorded as reported.
 * - A refund moves forward only: `refunded` is final.
 */
export const ATTEMPT_TRANSITIONS: Readonly<
  Record<PaymentAttemptStatus, readonly PaymentAttemptStatus[]>
> = {
  requested: ["authorized", "captured", "failed", "voided", "expired", ...REFUNDS],
  authorized: ["captured", "failed", "voided", "expired", ...REFUNDS],
  captured: [...REFUNDS],
  partially_refunded: ["refunded"],
  refunded: [],
  failed: ["authorized", "captured", "voided", ...REFUNDS],
  voided: ["authorized", "captured", ...REFUNDS],
  expired: ["authorized", "captured", "voided", ...REFUNDS],
};

/** Whether an attempt may move from `from` to `to`. */
export function isAttemptTransition(from: PaymentAttemptStatus, to: PaymentAttemptStatus): boolean {
  return ATTEMPT_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Throws an internal error unless `from` → `to` is in {@link ATTEMPT_TRANSITIONS}. */
export function assertAttemptTransition(
  from: PaymentAttemptStatus,
  to: PaymentAttemptStatus,
): void {
  if (!isAttemptTransition(from, to))
    throw new AdmitError(
      "internal_error",
      `@admit/server-kit: Failed to move a payment attempt from ${from} to ${to}: not a transition of the payment lifecycle. Make sure to move it only along ATTEMPT_TRANSITIONS.`,
    );
}

/**
 * A refunded attempt's status, from the money that came back: `refunded` once `refunded` reaches
 * what it took, else `partially_refunded`; never behind `current`. Refunded money only grows, but
 * the provider's own notification of a refund may be applied before the kit records a concurrent
 * one, so the kit's sum can lag behind the status: the status then stays where it is.
 */
export function refundedAttemptStatus(
  current: PaymentAttemptStatus,
  refunded: number,
  amount: number,
): PaymentAttemptStatus {
  if (current === "refunded" || refunded >= amount) return "refunded";
  return "partially_refunded";
}

/**
 * Move a payment attempt to `status` (nothing when it is there already; an illegal move throws),
 * with its timeline entry; a captured attempt of a payment link also marks the link paid.
 */
export async function setAttemptStatus(
  tx: Queryable,
  attempt: Pick<AttemptRow, "id" | "order_id" | "status" | "provider_reference">,
  status: PaymentAttemptStatus,
  actor: Actor,
  reason?: string,
): Promise<void> {
  if (attempt.status === status) return;
  assertAttemptTransition(attempt.status, status);
  await tx.query(
    "update admit_payment_attempts set status = $2, updated_at = now() where id = $1",
    [attempt.id, status],
  );
  await appendTimeline(tx, {
    type: `payment.${status}`,
    actor,
    orderId: attempt.order_id,
    ...(reason ? { reason } : {}),
    data: {
      paymentId: attempt.id,
      from: attempt.status,
      providerReference: attempt.provider_reference,
    },
  });
  if (status === "captured") await recordLinkPaid(tx, attempt, actor);
  attempt.status = status;
}

/**
 * Expire the still `requested` attempts of orders whose payment window is over (the orders'
 * own expiry), in one guarded UPDATE.
 */
export async function expireRequestedAttempts(
  tx: Queryable,
  orderIds: readonly string[],
): Promise<void> {
  assertAttemptTransition("requested", "expired");
  await tx.query(
    "update admit_payment_attempts set status = 'expired', updated_at = now() where order_id = any($1::text[]) and status = 'requested'",
    [orderIds],
  );
}
