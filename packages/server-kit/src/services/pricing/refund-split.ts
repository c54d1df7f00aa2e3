import type { PriceBreakdown } from "@admit/client/contract";
import type { Queryable } from "../../store/store.js";
import type { OrderRow } from "../orders/order-view.js";
import { netOnly, splitRefund, sumBreakdowns } from "./pricing.js";

/**
 * How a refund of `amount` on `order` splits into net, tax and fee: in proportion to what the
 * refunded tickets were charged (or, without tickets, to what remains of the order's
 * breakdown), never more of a part than remains of it after the other refunds (pending ones
 * included, `except` left out). Fees are refundable like the rest of what was charged.
 */
export async function refundBreakdown(
  tx: Queryable,
  order: OrderRow,
  ticketIds: readonly string[],
  amount: number,
  except: string,
): Promise<PriceBreakdown> {
  const charged = order.breakdown ?? netOnly(Number(order.total_amount));
  const done = await tx.query<{ amount: number; breakdown: PriceBreakdown | null }>(
    `select amount, breakdown from admit_refunds where order_id = $1 and id <> $2
       and status in ('pending', 'succeeded') and not extra_payment`,
    [order.id, except],
  );
  const refunded = sumBreakdowns(done.map((r) => r.breakdown ?? netOnly(Number(r.amount))));
  const remaining = {
    net: charged.net - refunded.net,
    tax: charged.tax - refunded.tax,
    fee: charged.fee - refunded.fee,
    discount: 0,
    gross: charged.gross - refunded.gross,
  };
  const tickets =
    ticketIds.length === 0
      ? []
      : await tx.query<{ price: PriceBreakdown | null }>(
          "select price from admit_tickets where order_id = $1 and id = any($2::text[])",
          [order.id, ticketIds],
        );
  const basis = tickets.every((t) => t.price)
    ? sumBreakdowns(tickets.map((t) => t.price!))
    : remaining;
  return splitRefund(amount, tickets.length > 0 ? basis : remaining, remaining);
}
