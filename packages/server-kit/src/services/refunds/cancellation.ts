import type { Actor, AdminOrder, CancellationInfo, CancelRequest } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import type { KitContext } from "../kit-context.js";
import { getAdminOrder } from "../orders/admin-orders.js";
import { REFUNDABLE, setOrderStatus, UNPAID } from "../orders/order-status.js";
import { loadOrder, type OrderRow } from "../orders/order-view.js";
import { closeAtProvider, openAttempts } from "../payments/close-at-provider.js";
import { checkTicketsOfOrder, voidTickets } from "../tickets/ticket-voiding.js";
import { holdsPaidMoney, makeRefund, refundedStatus } from "./refunds.js";

// Unpaid orders cancel whole (their seats were only held); paid ones whole or ticket by ticket.

interface TicketPrice {
  id: string;
  status: "valid" | "voided";
  price: number;
}

/**
 * The order's tickets with what was charged for each (its breakdown's gross, fee included: fees
 * are refundable), or for tickets from before breakdowns, the unit price of its hold item.
 */
async function ticketPrices(q: Queryable, order: OrderRow): Promise<TicketPrice[]> {
  return q.query<TicketPrice>(
    `select k.id, k.status, coalesce((k.price->>'gross')::bigint, i.unit_amount, 0)::bigint as price from admit_tickets k
     left join admit_hold_items i on i.hold_id = $2 and i.tier_id = k.tier_id
     where k.order_id = $1 order by k.position`,
    [order.id, order.hold_id],
  );
}

/** What remains refundable on the order: paid, minus refunds done or in flight. */
async function remainingRefundable(q: Queryable, order: OrderRow): Promise<number> {
  if (!holdsPaidMoney(order)) return 0;
  const [row] = await q.query<{ outstanding: number }>(
    `select coalesce(sum(amount), 0)::bigint as outstanding from admit_refunds
     where order_id = $1 and status in ('pending', 'succeeded') and currency = $2
       and not extra_payment`,
    [order.id, order.currency],
  );
  return Math.max(0, order.total_amount - row!.outstanding);
}

/**
 * `GET /admin/orders/:orderId/cancellation`: what can still be cancelled and refunded. A valid
 * ticket of a paid order can be cancelled and refunded up to its price (never beyond what remains
 * refundable on the order); an unpaid order can be cancelled whole, with nothing to refund.
 */
export async function getCancellation(ctx: KitContext, orderId: string): Promise<CancellationInfo> {
  const order = await loadOrder(ctx.store, orderId);
  if (!order) throw new AdmitError("not_found", `No order ${orderId}`);
  const tickets = await ticketPrices(ctx.store, order);
  const refundable = await remainingRefundable(ctx.store, order);
  const paid = REFUNDABLE.has(order.status);
  return {
    orderId: order.id,
    cancellable: UNPAID.has(order.status) || (paid && tickets.some((t) => t.status === "valid")),
    refundable: { amount: refundable, currency: order.currency },
    tickets: tickets.map((t) => {
      const open = paid && t.status === "valid";
      return {
        ticketId: t.id,
        status: t.status,
        cancellable: open,
        refundable: { amount: open ? Math.min(t.price, refundable) : 0, currency: order.currency },
      };
    }),
  };
}

/**
 * The cancellation of a paid order: the tickets to void, whether that leaves none valid (the
 * order is then `cancelled`), and what to refund with `refund: true` (their price, or all that
 * remains refundable for the whole order, capped by what remains). Only meaningful under the
 * order's row lock: computed from a snapshot, two partial cancels of different tickets would
 * each see the other's tickets still valid and neither would cancel the order.
 * A ticket named by a refund still in flight (other than this request's own) counts as taken,
 * so two cancels of one ticket never refund it twice.
 */
async function planCancel(q: Queryable, order: OrderRow, input: CancelRequest, requestKey: string) {
  const tickets = await ticketPrices(q, order);
  await checkTicketsOfOrder(q, order.id, input.ticketIds ?? []);
  const named = input.ticketIds ? new Set(input.ticketIds) : undefined;
  const targets = tickets.filter((t) => (named ? named.has(t.id) : t.status === "valid"));
  const voided = targets.find((t) => t.status === "voided");
  if (voided) throw new AdmitError("ticket_not_valid", `Ticket ${voided.id} is already voided`);
  const inFlight = await ticketsBeingRefunded(q, order.id, requestKey);
  const taken = named ? targets.find((t) => inFlight.has(t.id)) : undefined;
  if (taken)
    throw new AdmitError(
      "ticket_not_valid",
      `Ticket ${taken.id} is being refunded by another request; try again once it settled`,
    );
  const whole = tickets.every((t) => t.status === "voided" || targets.includes(t));
  const remaining = await remainingRefundable(q, order);
  const price = targets.reduce((sum, t) => sum + t.price, 0);
  return {
    ticketIds: targets.map((t) => t.id),
    whole,
    refund: input.refund ? Math.min(whole ? remaining : price, remaining) : 0,
  };
}

/** Tickets named by the order's refunds still `pending`, except the one of `requestKey`. */
async function ticketsBeingRefunded(
  q: Queryable,
  orderId: string,
  requestKey: string,
): Promise<Set<string>> {
  const rows = await q.query<{ ticket_ids: string[] }>(
    `select ticket_ids from admit_refunds
     where order_id = $1 and status = 'pending' and request_key is distinct from $2`,
    [orderId, requestKey],
  );
  return new Set(rows.flatMap((r) => r.ticket_ids));
}

/** Whether any ticket of the order is still valid. */
async function hasValidTickets(q: Queryable, orderId: string): Promise<boolean> {
  const rows = await q.query(
    "select 1 from admit_tickets where order_id = $1 and status = 'valid' limit 1",
    [orderId],
  );
  return rows.length > 0;
}

/**
 * Refuse what cannot be cancelled. A paid order already cancelled without refund may be
 * cancelled again with `refund: true`: that refunds what remains of its money.
 */
function requireCancellable(
  order: OrderRow | undefined,
  orderId: string,
  refund: boolean,
): OrderRow {
  if (!order) throw new AdmitError("not_found", `No order ${orderId}`);
  if (order.status === "cancelled" && refund && holdsPaidMoney(order)) return order;
  if (!UNPAID.has(order.status) && !REFUNDABLE.has(order.status))
    throw new AdmitError(
      "order_not_payable",
      `A ${order.status} order cannot be cancelled; only pending, failed, paid or partially refunded ones (or a paid, cancelled one with refund: true)`,
    );
  return order;
}

/**
 * `POST /admin/orders/:orderId/cancel`: cancel a whole order or some of its tickets. An unpaid
 * order ends `cancelled`, its seats are free at once (they were only held) and its open payments
 * are closed at the provider where it allows. A paid order's
 * tickets are voided (their seats come back unless checked in); with `refund: true` their price
 * is refunded first, through the refund rules, and nothing is cancelled if the refund fails.
 * Cancelling every valid ticket cancels the order. Answers the updated order.
 */
export async function cancelOrder(
  ctx: KitContext,
  orderId: string,
  input: CancelRequest,
  actor: Actor,
  requestKey: string,
): Promise<AdminOrder> {
  const order = requireCancellable(await loadOrder(ctx.store, orderId), orderId, input.refund);
  if (UNPAID.has(order.status)) {
    if (input.ticketIds)
      throw new AdmitError("invalid_request", "An unpaid order has no tickets; cancel it whole", {
        errors: [{ path: "ticketIds", message: "leave out for an unpaid order" }],
      });
    const toClose = await ctx.store.transaction(async (tx) => {
      const locked = requireCancellable(await loadOrder(tx, orderId, true), orderId, false);
      if (!UNPAID.has(locked.status))
        throw new AdmitError("order_not_payable", "The order was paid meanwhile; retry");
      await setOrderStatus(tx, locked, "cancelled", actor, input.reason, { refund: false });
      return openAttempts(tx, orderId);
    });
    // After commit, so a payment confirming meanwhile finds the order cancelled (manual_review).
    for (const attempt of toClose) await closeAtProvider(ctx, attempt);
    return getAdminOrder(ctx.store, orderId);
  }
  // Without the lock (control test only), the plan comes from a snapshot taken before it.
  const unsafe = ctx.options.unsafeDisableCancelLock;
  const plan = await planCancel(ctx.store, order, input, requestKey);
  if (order.status === "cancelled" && plan.refund === 0)
    throw new AdmitError("refund_exceeds_paid", "The cancelled order has nothing left to refund", {
      refundable: { amount: 0, currency: order.currency },
    });
  if (plan.refund > 0) {
    await makeRefund(ctx, {
      orderId,
      amount: { amount: plan.refund, currency: order.currency },
      reason: input.reason,
      ticketIds: plan.ticketIds,
      actor,
      requestKey,
      async check(locked, tx) {
        requireCancellable(locked, orderId, true);
        if (unsafe) return;
        // The refund is recorded under the lock: it must be the plan the locked order gives.
        const now = await planCancel(tx, locked, input, requestKey);
        if (now.refund !== plan.refund || now.ticketIds.join() !== plan.ticketIds.join())
          throw new AdmitError(
            "busy",
            "The order changed while cancelling; retry",
            {},
            { retryAfterSeconds: 1 },
          );
      },
      // Decided when the tickets are voided, under the lock: the last valid ticket gone cancels.
      settledStatus: async (o, tx) =>
        (unsafe ? !plan.whole : await hasValidTickets(tx, o.id)) ? refundedStatus(o) : "cancelled",
    });
    return getAdminOrder(ctx.store, orderId);
  }
  await ctx.store.transaction(async (tx) => {
    const locked = requireCancellable(await loadOrder(tx, orderId, true), orderId, false);
    const { ticketIds, whole } = unsafe ? plan : await planCancel(tx, locked, input, requestKey);
    await voidTickets(tx, orderId, ticketIds, actor, input.reason, { refund: false });
    if (whole)
      await setOrderStatus(tx, locked, "cancelled", actor, input.reason, { refund: false });
  });
  return getAdminOrder(ctx.store, orderId);
}
