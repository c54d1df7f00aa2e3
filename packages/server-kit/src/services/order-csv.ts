import type { AdminOrder, OrderListQuery } from "@admit/client/contract";
import type * as z from "zod/mini";
import type { CsvCell } from "../http/csv-response.js";
import type { Queryable } from "../store/store.js";
import { listOrders } from "./admin-orders.js";
import { currencyExponent } from "./currency-exponent.js";

/**
 * The columns of `GET /admin/orders?format=csv`, one row per order line (documented in the
 * README). Order columns repeat on each line of the order. Amounts are integer minor units;
 * `currency_exponent` says where the decimal point goes.
 */
export const ORDER_CSV_COLUMNS = [
  "order_id",
  "event_id",
  "status",
  "reference",
  "buyer_name",
  "buyer_email",
  "created_at",
  "updated_at",
  "paid_at",
  "currency",
  "currency_exponent",
  "order_total",
  "order_refunded",
  "paid_payment_attempt_id",
  "paid_provider",
  "paid_provider_reference",
  "manual_review_reason",
  "line",
  "tier_id",
  "tier_name",
  "quantity",
  "unit_price",
  "line_total",
  "tickets_valid",
  "tickets_voided",
  "tickets_checked_in",
] as const;

/** The CSV rows of one order, one per line, in {@link ORDER_CSV_COLUMNS} order. */
export function orderCsvRows(order: AdminOrder): CsvCell[][] {
  const exponent = currencyExponent(order.total.currency);
  return order.lines.map((line, i) => {
    const tickets = order.tickets.filter((t) => t.tierId === line.tierId);
    return [
      order.id,
      order.eventId,
      order.status,
      order.reference,
      order.buyer.name,
      order.buyer.email,
      order.createdAt,
      order.updatedAt,
      order.paidAt,
      order.total.currency,
      exponent,
      order.total.amount,
      order.refunded.amount,
      order.paidWith?.paymentAttemptId,
      order.paidWith?.provider,
      order.paidWith?.providerReference,
      order.manualReview?.reason,
      i + 1,
      line.tierId,
      line.tierName,
      line.quantity,
      line.unitPrice.amount,
      line.total.amount,
      tickets.filter((t) => t.status === "valid").length,
      tickets.filter((t) => t.status === "voided").length,
      tickets.filter((t) => t.checkedInAt !== null).length,
    ];
  });
}

/**
 * Every order the list query matches (from its cursor on; its limit is not used), newest update
 * first, paged through the database `pageSize` orders at a time, as CSV row batches.
 */
export async function* orderCsvBatches(
  q: Queryable,
  query: z.output<typeof OrderListQuery>,
  pageSize = 200,
): AsyncGenerator<CsvCell[][]> {
  let cursor = query.cursor;
  do {
    const page = await listOrders(q, { ...query, limit: pageSize, cursor });
    yield page.items.flatMap(orderCsvRows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
