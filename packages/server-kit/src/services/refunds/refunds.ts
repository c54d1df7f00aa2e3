import type {
  Actor,
  AdminOrder,
  Money,
  OrderStatusCode,
  RefundRequest,
} from "@admit/client/contract";
import { newId } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import { isPaymentProviderError, PaymentProviderError } from "../../providers/payment-provider.js";
import type { Queryable } from "../../store/store.js";
import type { KitContext } from "../kit-context.js";
import { getAdminOrder } from "../orders/admin-orders.js";
import { REFUNDABLE, setOrderStatus } from "../orders/order-status.js";
import { loadOrder, type OrderRow } from "../orders/order-view.js";
import type { AttemptRow } from "../payments/attempt-row.js";
import { refundedAttemptStatus, setAttemptStatus } from "../payments/attempt-status.js";
import { payingAttempts } from "../payments/paying-attempts.js";
import { refundBreakdown } from "../pricing/refund-split.js";
import { checkTicketsOfOrder, voidTickets } from "../tickets/ticket-voiding.js";
import { appendTimeline } from "../timeline/timeline.js";

/**
 * Whether the order holds money the refund route may return: a paid or partly refunded order,
 * and also a paid order that was cancelled without a (full) refund, since cancelling keeps the
 * money and money paid must stay refundable. How much remains is decided by the refund records.
 */
export function holdsPaidMoney(order: Pick<OrderRow, "status" | "paid_at">): boolean {
  return REFUNDABLE.has(order.status) || (order.status === "cancelled" && order.paid_at !== null);
}

interface RefundRow {
  id: string;
  amount: number;
  currency: string;
  ticket_ids: string[];
  status: "pending" | "succeeded" | "failed";
  payment_id: string;
  extra_payment: boolean;
}

/** A payment attempt row, as refunds and `resolve` read it. */

/** One refund to make, by {@link refundOrder}, `resolve` or `cancel`. */
export interface RefundPlan {
  orderId: string;
  amount: Money;
  reason: string;
  ticketIds: readonly string[];
  actor: Actor;
  /** The request's Idempotency-Key: a retry with it resumes the same refund (same provider key). */
  requestKey: string;
  /** Refuses an order the caller may not refund (status rules), on the locked order, in `tx`. */
  check(order: OrderRow, tx: Queryable): void | Promise<void>;
  /** What was paid, the ceiling of all refunds together. @default the order's total */
  paid?: Money;
  /** The payment attempt to refund. @default the attempt that paid the order */
  paymentId?: string;
  /**
   * `paymentId` is the admin's choice (the refund route): it must be a captured payment of the
   * order, is refunded at most what it captured, and when it is not the payment that paid the
   * order it is an extra payment, refunded on its own: whatever the order's status, no tickets,
   * and the order's refunded amount and status unchanged.
   */
  chosenPayment?: boolean;
  /**
   * The order's status once the refund succeeded, decided under the order's row lock in `tx`,
   * after the named tickets were voided.
   * @default refunded when all is refunded, else partially_refunded
   */
  settledStatus?: (order: OrderRow, tx: Queryable) => OrderStatusCode | Promise<OrderStatusCode>;
}

/**
 * Make a refund, by the rules of lifecycle.md, so that money is never returned twice nor more
 * than was paid, also under concurrency and provider failures:
 *
 * 1. Under the order's row lock, check the plan and record the refund as `pending` (pending
 *    refunds count against what remains refundable), then commit.
 * 2. Call the provider, outside any transaction, with the refund id as its idempotency key.
 * 3. Record the provider's answer: `succeeded` (order's refunded amount and status, payment
 *    attempt, named tickets voided) or `failed` (nothing else changes; 502 `provider_unavailable`).
 *
 * A retry with the same Idempotency-Key finds its refund by `request_key` and calls the provider
 * again with the same key, so a refund that reached the provider before a crash refunds once.
 */
export async function makeRefund(ctx: KitContext, plan: RefundPlan): Promise<void> {
  const pending = await ctx.store.transaction((tx) => recordPending(ctx, tx, plan));
  if (!pending) return;
  const provider = ctx.providers.get(pending.attempt.provider);
  let failure: string | undefined;
  let refused = false;
  let refundReference: string | undefined;
  try {
    if (!provider || !pending.attempt.provider_reference)
      throw new PaymentProviderError(`No provider ${pending.attempt.provider} to refund with`);
    const result = await provider.refund(pending.attempt.provider_reference, plan.amount, {
      idempotencyKey: pending.refundId,
    });
    if (result.status === "failed") {
      failure = result.failureReason ?? "refused";
      refused = true;
    }
    refundReference = result.refundReference;
  } catch (error) {
    if (!isPaymentProviderError(error)) throw error; // Unknown outcome: the refund stays pending (reserved) until a retry settles it.
    failure = (error as PaymentProviderError).providerCode ?? "provider_unavailable";
  }
  if (failure !== undefined) {
    await ctx.store.transaction((tx) =>
      recordFailure(tx, plan, pending.refundId, failure, refundReference),
    );
    throw new AdmitError(
      "provider_unavailable",
      refused
        ? `The payment provider refused the refund (${failure}); nothing was refunded and the order lists it as failed. Retry with a new Idempotency-Key once the cause is fixed, or return the money another way`
        : "The payment provider did not make the refund; nothing was refunded. Retry with the same Idempotency-Key",
      { refundId: pending.refundId, failure },
    );
  }
  await ctx.store.transaction((tx) => recordSuccess(tx, plan, pending, refundReference));
}

async function recordPending(
  ctx: KitContext,
  tx: Queryable,
  plan: RefundPlan,
): Promise<{ refundId: string; attempt: AttemptRow; extra: boolean } | undefined> {
  const order = await loadOrder(tx, plan.orderId, !ctx.options.unsafeDisableRefundLock);
  if (!order) throw new AdmitError("not_found", `No order ${plan.orderId}`);
  const [existing] = await tx.query<RefundRow>(
    "select * from admit_refunds where order_id = $1 and request_key = $2",
    [order.id, plan.requestKey],
  );
  if (existing && !samePlan(existing, plan))
    throw new AdmitError(
      "idempotency_key_reused",
      "This Idempotency-Key was used for another refund; use a new key for a new intent",
    );
  if (existing?.status === "succeeded") return undefined;
  const paying = (await payingAttempts(tx, [order.id])).get(order.id);
  const attempt = await refundableAttempt(tx, order, plan.paymentId ?? paying, plan.chosenPayment);
  const extra = plan.chosenPayment === true && paying !== undefined && attempt.id !== paying;
  if (!extra) await plan.check(order, tx);
  else if (plan.ticketIds.length > 0)
    throw new AdmitError("invalid_request", "An extra payment paid for no tickets", {
      errors: [{ path: "ticketIds", message: `leave out: ${attempt.id} is an extra payment` }],
    });
  const paid = extra
    ? { amount: Number(attempt.amount), currency: attempt.currency }
    : (plan.paid ?? { amount: order.total_amount, currency: order.currency });
  if (plan.amount.currency !== paid.currency)
    throw new AdmitError("invalid_request", `Refund in ${paid.currency}, the order's currency`, {
      errors: [{ path: "amount.currency", message: `must be ${paid.currency}` }],
    });
  if (plan.amount.amount <= 0)
    throw new AdmitError("invalid_request", "A refund returns some money", {
      errors: [{ path: "amount.amount", message: "must be greater than 0" }],
    });
  await checkTicketsOfOrder(tx, order.id, plan.ticketIds);
  // Pending refunds count too: a refund in flight is money that may already be on its way back.
  const [sums = { order_money: 0, on_attempt: 0 }] = await tx.query<{
    order_money: number;
    on_attempt: number;
  }>(
    `select coalesce(sum(amount) filter (where not extra_payment), 0)::bigint as order_money,
       coalesce(sum(amount) filter (where payment_id = $3), 0)::bigint as on_attempt
     from admit_refunds
     where order_id = $1 and status in ('pending', 'succeeded') and id <> $2`,
    [order.id, existing?.id ?? "", attempt.id],
  );
  let refundable = Math.max(0, paid.amount - Number(extra ? sums.on_attempt : sums.order_money));
  // A chosen payment gives back at most what it captured, whatever the order still holds.
  if (plan.chosenPayment)
    refundable = Math.min(refundable, Math.max(0, attempt.amount - Number(sums.on_attempt)));
  if (plan.amount.amount > refundable)
    throw new AdmitError(
      "refund_exceeds_paid",
      `Only ${refundable} ${paid.currency} (minor units) remains refundable on ${plan.chosenPayment ? `payment ${attempt.id}` : "this order"}`,
      { refundable: { amount: refundable, currency: paid.currency } },
    );
  const refundId = existing?.id ?? newId("refund");
  if (existing)
    await tx.query(
      "update admit_refunds set status = 'pending', updated_at = now() where id = $1",
      [refundId],
    );
  else
    await tx.query(
      `insert into admit_refunds (id, order_id, amount, currency, reason, ticket_ids, status, payment_id, request_key, extra_payment, breakdown)
       values ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10)`,
      [
        refundId,
        order.id,
        plan.amount.amount,
        plan.amount.currency,
        plan.reason,
        JSON.stringify(plan.ticketIds),
        attempt.id,
        plan.requestKey,
        extra,
        // An extra payment's refund is not the order's money: it has no share of the breakdown.
        extra
          ? null
          : JSON.stringify(
              await refundBreakdown(tx, order, plan.ticketIds, plan.amount.amount, refundId),
            ),
      ],
    );
  await appendRefundStep(
    tx,
    "refund.requested",
    plan,
    order.id,
    { refundId, attempt, extra },
    {
      ticketIds: plan.ticketIds,
      ...(existing ? { retryOf: existing.status } : {}),
    },
  );
  return { refundId, attempt, extra };
}

function samePlan(row: RefundRow, plan: RefundPlan): boolean {
  return (
    row.amount === plan.amount.amount &&
    row.currency === plan.amount.currency &&
    JSON.stringify(row.ticket_ids) === JSON.stringify(plan.ticketIds)
  );
}

/**
 * The captured payment to refund. Its status may already say `refunded`: the provider's own
 * notification about a refund can arrive before the kit records it. What remains refundable is
 * decided by the kit's refund records, never by that status.
 */
async function refundableAttempt(
  q: Queryable,
  order: OrderRow,
  paymentId: string | undefined,
  chosen: boolean | undefined,
): Promise<AttemptRow> {
  const [attempt] = await q.query<AttemptRow>(
    `select * from admit_payment_attempts
     where order_id = $1 and status in ('captured', 'partially_refunded', 'refunded') and ($2::text is null or id = $2::text)
     order by created_at, id limit 1`,
    [order.id, paymentId ?? null],
  );
  if (attempt) return { ...attempt, amount: Number(attempt.amount) };
  if (chosen && paymentId) {
    const [other] = await q.query<{ status: string }>(
      "select status from admit_payment_attempts where order_id = $1 and id = $2",
      [order.id, paymentId],
    );
    if (!other)
      throw new AdmitError("invalid_request", `No payment ${paymentId} on order ${order.id}`, {
        errors: [{ path: "paymentAttemptId", message: "must be one of the order's payments" }],
      });
    throw new AdmitError(
      "refund_exceeds_paid",
      `Payment ${paymentId} is ${other.status}: it captured nothing to refund`,
      { refundable: { amount: 0, currency: order.currency } },
    );
  }
  throw new AdmitError("refund_exceeds_paid", "No captured payment on this order to refund", {
    refundable: { amount: 0, currency: order.currency },
  });
}

/** Appends a refund's step to the order's timeline: which refund, of which payment, how much. */
async function appendRefundStep(
  tx: Queryable,
  type: "refund.requested" | "refund.succeeded",
  plan: RefundPlan,
  orderId: string,
  { refundId, attempt, extra }: { refundId: string; attempt: AttemptRow; extra: boolean },
  data: Record<string, unknown>,
): Promise<void> {
  await appendTimeline(tx, {
    type,
    actor: plan.actor,
    orderId,
    reason: plan.reason,
    data: {
      refundId,
      paymentId: attempt.id,
      amount: plan.amount,
      ...data,
      ...(extra ? { extraPayment: true } : {}),
    },
  });
}

async function recordFailure(
  tx: Queryable,
  plan: RefundPlan,
  refundId: string,
  failure: string,
  refundReference: string | undefined,
): Promise<void> {
  await tx.query(
    `update admit_refunds set status = 'failed', failure = $2,
       provider_reference = coalesce($3, provider_reference), updated_at = now()
     where id = $1 and status = 'pending'`,
    [refundId, failure, refundReference ?? null],
  );
  await appendTimeline(tx, {
    type: "refund.failed",
    actor: plan.actor,
    orderId: plan.orderId,
    reason: plan.reason,
    data: { refundId, amount: plan.amount, failure },
  });
}

async function recordSuccess(
  tx: Queryable,
  plan: RefundPlan,
  { refundId, attempt, extra }: { refundId: string; attempt: AttemptRow; extra: boolean },
  refundReference: string | undefined,
): Promise<void> {
  const order = (await loadOrder(tx, plan.orderId, true))!;
  const settled = await tx.query(
    `update admit_refunds set status = 'succeeded', provider_reference = $2, updated_at = now()
     where id = $1 and status <> 'succeeded' returning id`,
    [refundId, refundReference ?? null],
  );
  if (settled.length === 0) return;
  await appendRefundStep(
    tx,
    "refund.succeeded",
    plan,
    order.id,
    { refundId, attempt, extra },
    {
      refundReference,
    },
  );
  if (extra) {
    // Money that was never the order's: only the payment changes.
    await settleAttempt(tx, attempt, plan);
    return;
  }
  // Money in another currency than the order's (a reviewed mismatch) is not the order's to count.
  const counted = plan.amount.currency === order.currency ? plan.amount.amount : 0;
  await tx.query(
    "update admit_orders set refunded_amount = refunded_amount + $2, updated_at = now() where id = $1",
    [order.id, counted],
  );
  order.refunded_amount += counted;
  await settleAttempt(tx, attempt, plan);
  await voidTickets(tx, order.id, plan.ticketIds, plan.actor, plan.reason, { refundId });
  const status = await (plan.settledStatus ?? refundedStatus)(order, tx);
  if (status !== order.status)
    await setOrderStatus(tx, order, status, plan.actor, plan.reason, { refundId });
}

/** The refunded payment attempt's new status, from its succeeded refunds. */
async function settleAttempt(tx: Queryable, attempt: AttemptRow, plan: RefundPlan): Promise<void> {
  const [{ refunded } = { refunded: 0 }] = await tx.query<{ refunded: number }>(
    `select coalesce(sum(amount), 0)::bigint as refunded from admit_refunds
     where payment_id = $1 and status = 'succeeded'`,
    [attempt.id],
  );
  // Read again under the order lock: the provider's own notification of this refund may have
  // moved the attempt since the refund was planned, and the change is recorded only once. That
  // notification may also report a concurrent refund the kit has not recorded yet: the status
  // then stays ahead of the kit's sum, never goes back.
  const [current = attempt] = await tx.query<AttemptRow>(
    "select * from admit_payment_attempts where id = $1 for update",
    [attempt.id],
  );
  await setAttemptStatus(
    tx,
    current,
    refundedAttemptStatus(current.status, Number(refunded), Number(current.amount)),
    plan.actor,
    plan.reason,
  );
}

/**
 * `refunded` once everything paid came back, otherwise `partially_refunded`. A cancelled order
 * stays `cancelled`: its tickets are void, and the refund shows in its `refunded` amount.
 */
export function refundedStatus(order: OrderRow): OrderStatusCode {
  if (order.status === "cancelled") return "cancelled";
  return order.refunded_amount >= order.total_amount ? "refunded" : "partially_refunded";
}

/**
 * `POST /admin/orders/:orderId/refunds`: refund part or all of a `paid` or `partially_refunded`
 * order, or of a paid order cancelled without refund (it stays `cancelled`); answers the updated
 * order. Any other status has nothing refundable here (409 `refund_exceeds_paid` with
 * `refundable` 0; a `manual_review` order is settled by `resolve`).
 */
export async function refundOrder(
  ctx: KitContext,
  orderId: string,
  input: RefundRequest,
  actor: Actor,
  requestKey: string,
): Promise<AdminOrder> {
  await makeRefund(ctx, {
    orderId,
    amount: input.amount,
    reason: input.reason,
    ticketIds: input.ticketIds ?? [],
    actor,
    requestKey,
    ...(input.paymentAttemptId ? { paymentId: input.paymentAttemptId, chosenPayment: true } : {}),
    check(order) {
      if (!holdsPaidMoney(order))
        throw new AdmitError(
          "refund_exceeds_paid",
          `The order is ${order.status}: nothing paid to refund${order.status === "manual_review" ? " (settle it with resolve)" : ""}`,
          { refundable: { amount: 0, currency: order.currency } },
        );
    },
  });
  return getAdminOrder(ctx.store, orderId);
}
