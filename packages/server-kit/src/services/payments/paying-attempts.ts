import type { Queryable } from "../../store/store.js";

/**
 * The payment attempt that paid each order: the one its first `order.paid` entry names, else
 * (an order that was never paid, e.g. in review) its first captured attempt. Any other captured
 * attempt of the order is an extra payment: money beyond the order, to be refunded on its own.
 * Orders with no such attempt are left out of the map.
 */
export async function payingAttempts(
  q: Queryable,
  orderIds: readonly string[],
): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await q.query<{ order_id: string; payment_id: string | null }>(
    `select o.id as order_id, coalesce(
       (select t.data->>'paymentId' from admit_timeline t
        where t.order_id = o.id and t.type = 'order.paid' and t.data ? 'paymentId'
        order by t.seq limit 1),
       (select a.id from admit_payment_attempts a
        where a.order_id = o.id and a.status in ('captured', 'partially_refunded', 'refunded')
        order by a.created_at, a.id limit 1)) as payment_id
     from unnest($1::text[]) as o(id)`,
    [orderIds],
  );
  return new Map(rows.filter((r) => r.payment_id !== null).map((r) => [r.order_id, r.payment_id!]));
}
