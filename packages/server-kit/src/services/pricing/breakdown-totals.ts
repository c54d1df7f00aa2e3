import type { PriceBreakdown } from "@admit/client/contract";
import type { Queryable } from "../../store/store.js";

export interface BreakdownTotal {
  currency: string;
  /** What the event's paid orders (paid once, whatever happened since) were charged. */
  charged: PriceBreakdown;
  /** What succeeded refunds of those orders returned (extra payments' refunds left out). */
  refunded: PriceBreakdown;
}

/**
 * The event's money split into net, tax, fee, discount and gross per currency, for the
 * reconciliation report (JSON and CSV). Orders and refunds from before breakdowns were kept
 * count all of their amount as net.
 */
export async function breakdownTotals(q: Queryable, eventId: string): Promise<BreakdownTotal[]> {
  const part = (column: string, key: string, whole: string) =>
    `coalesce(sum(coalesce((${column}->>'${key}')::bigint, ${whole})), 0)::bigint as ${key}`;
  const rows = await q.query<PriceBreakdown & { currency: string; side: "charged" | "refunded" }>(
    `select 'charged' as side, o.currency, ${part("o.breakdown", "net", "o.total_amount")},
       ${part("o.breakdown", "tax", "0")}, ${part("o.breakdown", "fee", "0")},
       ${part("o.breakdown", "discount", "0")}, coalesce(sum(o.total_amount), 0)::bigint as gross
     from admit_orders o where o.event_id = $1 and o.paid_at is not null group by o.currency
     union all
     select 'refunded', r.currency, ${part("r.breakdown", "net", "r.amount")},
       ${part("r.breakdown", "tax", "0")}, ${part("r.breakdown", "fee", "0")}, 0::bigint,
       coalesce(sum(r.amount), 0)::bigint
     from admit_refunds r join admit_orders o on o.id = r.order_id
     where o.event_id = $1 and r.status = 'succeeded' and not r.extra_payment group by r.currency`,
    [eventId],
  );
  const zero = { net: 0, tax: 0, fee: 0, discount: 0, gross: 0 };
  const byCurrency = new Map<string, BreakdownTotal>();
  for (const r of rows) {
    const total = byCurrency.get(r.currency) ?? {
      currency: r.currency,
      charged: zero,
      refunded: zero,
    };
    total[r.side] = {
      net: Number(r.net),
      tax: Number(r.tax),
      fee: Number(r.fee),
      discount: Number(r.discount),
      gross: Number(r.gross),
    };
    byCurrency.set(r.currency, total);
  }
  return [...byCurrency.values()];
}
