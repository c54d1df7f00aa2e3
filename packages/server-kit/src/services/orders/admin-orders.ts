import {
  type AdminOrder,
  isTimestamp,
  OrderId,
  type OrderListQuery,
  type OrderPage,
  type PriceBreakdown,
  type Timeline,
  type TimelineEntry,
} from "@admit/client/contract";
import * as z from "zod/mini";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { loadPaymentLinks } from "../payment-links/payment-link-view.js";
import type { AttemptRow } from "../payments/attempt-row.js";
import { CAPTURED } from "../payments/attempt-status.js";
import { payingAttempts } from "../payments/paying-attempts.js";
import { netOnly, sumBreakdowns } from "../pricing/pricing.js";
import { loadTickets, type OrderRow, orderSummary, toAdminTicket } from "./order-view.js";

type ListQuery = z.output<typeof OrderListQuery>;

/** An attempt with its time and what was refunded of it: one of the order's `payments`. */
interface PaymentRow extends AttemptRow {
  created_at: Date;
  refunded: number;
}

interface RefundRow {
  id: string;
  order_id: string;
  status: AdminOrder["refunds"][number]["status"];
  amount: number;
  currency: string;
  reason: string;
  ticket_ids: string[];
  payment_id: string | null;
  extra_payment: boolean;
  failure: string | null;
  provider_reference: string | null;
  created_at: Date;
  updated_at: Date;
  breakdown: PriceBreakdown | null;
}

/** Assemble full admin orders, a fixed number of queries for the whole page rather than per order. */
export async function toAdminOrders(
  q: Queryable,
  orders: readonly OrderRow[],
): Promise<AdminOrder[]> {
  const ids = orders.map((o) => o.id);
  if (ids.length === 0) return [];
  const attempts = await q.query<PaymentRow>(
    `select a.*, (select coalesce(sum(r.amount), 0) from admit_refunds r
       where r.payment_id = a.id and r.status = 'succeeded')::bigint as refunded
     from admit_payment_attempts a where a.order_id = any($1::text[]) order by a.created_at, a.id`,
    [ids],
  );
  // Every refund asked for: failed and pending ones show with their status.
  const refunds = await q.query<RefundRow>(
    "select * from admit_refunds where order_id = any($1::text[]) order by created_at, id",
    [ids],
  );
  const reviews = await q.query<{ order_id: string; reason: string | null; at: Date }>(
    `select distinct on (order_id) order_id, reason, at from admit_timeline
     where order_id = any($1::text[]) and type = 'order.manual_review' order by order_id, seq desc`,
    [ids],
  );
  const lines = await q.query<{
    order_id: string;
    tier_id: string;
    tier_name: string;
    quantity: number;
    unit_amount: number;
    breakdown: PriceBreakdown | null;
  }>(
    `select o.id as order_id, i.tier_id, coalesce(t.name, i.tier_id) as tier_name, i.quantity,
       i.unit_amount::bigint as unit_amount, h.pricing->'lines'->i.position->'breakdown' as breakdown
     from admit_orders o join admit_hold_items i on i.hold_id = o.hold_id
     join admit_holds h on h.id = o.hold_id
     left join admit_tiers t on t.event_id = i.event_id and t.id = i.tier_id
     where o.id = any($1::text[]) order by o.id, i.position`,
    [ids],
  );
  const paying = await payingAttempts(q, ids);
  const links = await loadPaymentLinks(q, ids);
  const tickets = await loadTickets(q, ids);
  return orders.map((order) => {
    const own = attempts.filter((a) => a.order_id === order.id);
    const paidWith = order.paid_at ? own.find((a) => a.id === paying.get(order.id)) : undefined;
    const review = reviews.find((r) => r.order_id === order.id);
    return {
      ...orderSummary(order),
      breakdown: order.breakdown ?? netOnly(Number(order.total_amount)),
      refundedBreakdown: sumBreakdowns(
        refunds
          .filter((r) => r.order_id === order.id && r.status === "succeeded" && !r.extra_payment)
          .map((r) => r.breakdown ?? netOnly(Number(r.amount))),
      ),
      ...(order.promo_code ? { promoCode: order.promo_code } : {}),
      buyer: { name: order.buyer_name, email: order.buyer_email },
      ...(order.reference ? { reference: order.reference } : {}),
      createdAt: order.created_at.toISOString(),
      updatedAt: order.updated_at.toISOString(),
      ...(order.paid_at ? { paidAt: order.paid_at.toISOString() } : {}),
      ...(paidWith
        ? {
            paidWith: {
              paymentAttemptId: paidWith.id,
              provider: paidWith.provider,
              ...(paidWith.provider_reference
                ? { providerReference: paidWith.provider_reference }
                : {}),
            },
          }
        : {}),
      ...(review
        ? { manualReview: { reason: review.reason ?? "", at: review.at.toISOString() } }
        : {}),
      lines: lines
        .filter((l) => l.order_id === order.id)
        .map((l) => ({
          tierId: l.tier_id,
          tierName: l.tier_name,
          quantity: l.quantity,
          unitPrice: { amount: Number(l.unit_amount), currency: order.currency },
          total: {
            amount: l.breakdown?.gross ?? Number(l.unit_amount) * l.quantity,
            currency: order.currency,
          },
          breakdown: l.breakdown ?? netOnly(Number(l.unit_amount) * l.quantity),
        })),
      answers: order.answers,
      payments: own.map((a) => ({
        id: a.id,
        provider: a.provider,
        status: a.status,
        amount: { amount: Number(a.amount), currency: a.currency },
        captured: { amount: CAPTURED.has(a.status) ? Number(a.amount) : 0, currency: a.currency },
        refunded: { amount: Number(a.refunded), currency: a.currency },
        role: a.id === paying.get(order.id) ? "order" : CAPTURED.has(a.status) ? "extra" : "none",
        ...(a.provider_reference ? { providerReference: a.provider_reference } : {}),
        createdAt: a.created_at.toISOString(),
      })),
      tickets: tickets.filter((t) => t.order_id === order.id).map(toAdminTicket),
      refunds: refunds
        .filter((r) => r.order_id === order.id)
        .map((r) => ({
          id: r.id,
          status: r.status,
          amount: { amount: Number(r.amount), currency: r.currency },
          reason: r.reason,
          ticketIds: r.ticket_ids,
          ...(r.breakdown ? { breakdown: r.breakdown } : {}),
          ...(r.payment_id ? { paymentAttemptId: r.payment_id } : {}),
          extraPayment: r.extra_payment,
          ...(r.failure ? { failure: r.failure } : {}),
          ...(r.provider_reference ? { providerReference: r.provider_reference } : {}),
          createdAt: r.created_at.toISOString(),
          updatedAt: r.updated_at.toISOString(),
        })),
      paymentLinks: links.filter((l) => l.orderId === order.id),
    };
  });
}

// The cursor is the last row's (updated_at in microseconds, id): stable under ties and inserts.
// Both halves reach SQL, so each is checked as fully as a value of its own: a real time in the
// contract's range (not hour 25 or day 32, which PostgreSQL refuses) and an order id.
function decodeCursor(cursor: string): { at: string; id: string } {
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const [at, id] = parts;
  if (parts.length !== 2 || !at || !id || !isTimestamp(at) || !z.safeParse(OrderId, id).success)
    throw new AdmitError("invalid_request", "The cursor is not valid", {
      errors: [{ path: "cursor", message: "use nextCursor from a previous page" }],
    });
  return { at, id };
}

/** `GET /admin/orders`: newest update first, filtered, cursor-paginated. */
export async function listOrders(q: Queryable, query: ListQuery): Promise<OrderPage> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await q.query<OrderRow & { cursor_at: string }>(
    `select o.*, now() as db_now,
       to_char(o.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
     from admit_orders o
     where ($1::text is null or o.event_id = $1::text)
       and ($2::text is null or o.status = $2::text)
       and ($3::timestamptz is null or o.updated_at >= $3::timestamptz)
       and ($4::timestamptz is null or o.updated_at <= $4::timestamptz)
       and ($5::timestamptz is null or (o.updated_at, o.id) < ($5::timestamptz, $6::text))
     order by o.updated_at desc, o.id desc
     limit $7`,
    [
      query.eventId ?? null,
      query.status ?? null,
      query.updatedFrom ?? null,
      query.updatedTo ?? null,
      cursor?.at ?? null,
      cursor?.id ?? null,
      query.limit + 1,
    ],
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await toAdminOrders(q, page),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(`${last.cursor_at}|${last.id}`).toString("base64url")
        : null,
  };
}

/** `GET /admin/orders/:orderId`. */
export async function getAdminOrder(q: Queryable, orderId: string): Promise<AdminOrder> {
  const rows = await q.query<OrderRow>(
    "select *, now() as db_now from admit_orders where id = $1",
    [orderId],
  );
  if (rows.length === 0) throw new AdmitError("not_found", `No order ${orderId}`);
  return (await toAdminOrders(q, rows))[0]!;
}

/** `GET /admin/orders/:orderId/timeline`: the order's entries and those of the hold it came from. */
export async function getOrderTimeline(q: Queryable, orderId: string): Promise<Timeline> {
  const orders = await q.query<{ hold_id: string }>(
    "select hold_id from admit_orders where id = $1",
    [orderId],
  );
  if (orders.length === 0) throw new AdmitError("not_found", `No order ${orderId}`);
  const rows = await q.query<{
    id: string;
    at: Date;
    type: string;
    actor: TimelineEntry["actor"];
    reason: string | null;
    data: Record<string, unknown>;
  }>(
    "select id, at, type, actor, reason, data from admit_timeline where order_id = $1 or hold_id = $2 order by seq",
    [orderId, orders[0]!.hold_id],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      type: r.type,
      actor: r.actor,
      ...(r.reason ? { reason: r.reason } : {}),
      data: r.data,
    })),
  };
}
