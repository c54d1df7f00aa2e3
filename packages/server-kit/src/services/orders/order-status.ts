import type { Actor, OrderStatusCode } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { enqueueOrderNotification } from "../notifications/order-notifications.js";
import { appendTimeline } from "../timeline/timeline.js";
import { settleWaitlistOffer } from "../waitlist/waitlist-claims.js";

// The one place that writes `admit_orders.status`. The table is the diagram of
// `shared/design/lifecycle.md` ("Orders and payments"), read from the code paths that use it.

/** Orders paid at some point: money on one more attempt is extra. */
export const PAID: ReadonlySet<OrderStatusCode> = new Set([
  "paid",
  "partially_refunded",
  "refunded",
]);
/** Orders that are paid (in part still): their valid tickets admit, may be cancelled and refunded. */
export const REFUNDABLE: ReadonlySet<OrderStatusCode> = new Set(["paid", "partially_refunded"]);
/** Orders with nothing paid that the buyer may still pay: cancelling them refunds nothing. */
export const UNPAID: ReadonlySet<OrderStatusCode> = new Set(["pending_payment", "failed"]);
/** Orders that a verified payment may still make `paid` (after the amount and capacity checks). */
export const AWAITING_PAYMENT: ReadonlySet<OrderStatusCode> = new Set([
  "pending_payment",
  "failed",
  "expired",
]);

/** Every legal move of an order's status: `from` → the statuses it may become. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatusCode, readonly OrderStatusCode[]>> = {
  pending_payment: ["paid", "failed", "expired", "cancelled", "manual_review"],
  // A new attempt reopens a failed order; its provider may still take the old one.
  failed: ["pending_payment", "paid", "expired", "cancelled", "manual_review"],
  // A late payment is accepted while seats remain; an authorization with none left is voided and
  // the order stays expired (recorded again with the reason).
  expired: ["paid", "manual_review", "expired"],
  paid: ["partially_refunded", "refunded", "cancelled"],
  partially_refunded: ["refunded", "cancelled"],
  // Money that arrives after a cancel goes to review.
  cancelled: ["manual_review"],
  manual_review: ["paid", "refunded", "cancelled"],
  refunded: [],
};

/** Whether an order may move from `from` to `to`. */
export function isOrderTransition(from: OrderStatusCode, to: OrderStatusCode): boolean {
  return ORDER_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Throws an internal error unless `from` → `to` is in {@link ORDER_TRANSITIONS}. */
export function assertOrderTransition(from: OrderStatusCode, to: OrderStatusCode): void {
  if (!isOrderTransition(from, to))
    throw new AdmitError(
      "internal_error",
      `@admit/server-kit: Failed to move an order from ${from} to ${to}: not a transition of the order lifecycle. Make sure to move it only along ORDER_TRANSITIONS.`,
    );
}

/** The statuses an order may reach `to` from: the guard of a set-based update. */
export function orderPredecessors(to: OrderStatusCode): OrderStatusCode[] {
  return (Object.keys(ORDER_TRANSITIONS) as OrderStatusCode[]).filter((from) =>
    isOrderTransition(from, to),
  );
}

/** What a new order is made of; it starts `pending_payment`, holding its hold's seats. */
export interface NewOrder {
  id: string;
  eventId: string;
  holdId: string;
  tokenHash: string;
  totalAmount: number;
  currency: string;
  buyer: { name: string; email: string };
  attendees: unknown[];
  /** Answers to the order questions, checked (`services/questions`). @default {} */
  answers?: Record<string, unknown>;
  reference: string | null;
  returnUrl: string;
  expiresAt: Date;
}

/**
 * Insert a new order in its first status, `pending_payment` (checkout and payment links). It
 * keeps its hold's promo code and price breakdown (`admit_holds.pricing`).
 */
export async function insertPendingOrder(tx: Queryable, order: NewOrder): Promise<void> {
  await tx.query(
    `insert into admit_orders (id, event_id, hold_id, token_hash, status, total_amount, currency,
       buyer_name, buyer_email, attendees, reference, return_url, expires_at, answers, promo_code, breakdown)
     select $1, $2, $3, $4, 'pending_payment', $5, $6, $7, $8, $9, $10, $11, $12, $13,
       h.pricing->>'promoCode', h.pricing->'breakdown' from admit_holds h where h.id = $3`,
    [
      order.id,
      order.eventId,
      order.holdId,
      order.tokenHash,
      order.totalAmount,
      order.currency,
      order.buyer.name,
      order.buyer.email,
      JSON.stringify(order.attendees),
      order.reference,
      order.returnUrl,
      order.expiresAt,
      JSON.stringify(order.answers ?? {}),
    ],
  );
}

/** The side effects of one order's move, in `tx`: timeline entry, host notification, waitlist. */
async function recordOrderStatus(
  tx: Queryable,
  orderId: string,
  from: OrderStatusCode,
  status: OrderStatusCode,
  actor: Actor,
  reason: string | undefined,
  data: Record<string, unknown>,
): Promise<void> {
  await appendTimeline(tx, {
    type: `order.${status}`,
    actor,
    orderId,
    ...(reason ? { reason } : {}),
    data: { from, ...data },
  });
  await enqueueOrderNotification(tx, orderId);
  await settleWaitlistOffer(tx, orderId, status);
}

/**
 * Move an order to `status` (an illegal move throws): one timeline entry and one host
 * notification, in `tx`; a waitlist offer's entry is claimed or lapses with it.
 */
export async function setOrderStatus(
  tx: Queryable,
  order: { id: string; status: OrderStatusCode },
  status: OrderStatusCode,
  actor: Actor,
  reason: string | undefined,
  data: Record<string, unknown>,
): Promise<void> {
  assertOrderTransition(order.status, status);
  await tx.query(
    `update admit_orders set status = $2, status_changed_at = now(), updated_at = now(),
       paid_at = case when $2 = 'paid' then now() else paid_at end where id = $1`,
    [order.id, status],
  );
  await recordOrderStatus(tx, order.id, order.status, status, actor, reason, data);
}

/**
 * Move every order of `orderIds` that is in `from` and matches `where` to `status`, in one
 * guarded UPDATE (each `from` must be a legal predecessor); each moved order gets its timeline
 * entry, notification and waitlist settlement. Returns the ids moved.
 */
export async function setOrderStatuses(
  tx: Queryable,
  orderIds: readonly string[],
  from: readonly OrderStatusCode[],
  status: OrderStatusCode,
  options: { where?: string; actor: Actor; reason?: string; data?: Record<string, unknown> },
): Promise<string[]> {
  for (const f of from) assertOrderTransition(f, status);
  const moved = await tx.query<{ id: string; from: OrderStatusCode }>(
    `with due as (
       select id, status from admit_orders
       where id = any($1::text[]) and status = any($3::text[])${options.where ? ` and ${options.where}` : ""}
       for update
     )
     update admit_orders o set status = $2, status_changed_at = now(), updated_at = now(),
       paid_at = case when $2 = 'paid' then now() else o.paid_at end
     from due where o.id = due.id
     returning o.id, due.status as from`,
    [orderIds, status, from],
  );
  for (const { id, from: was } of moved)
    await recordOrderStatus(tx, id, was, status, options.actor, options.reason, options.data ?? {});
  return moved.map((m) => m.id);
}
