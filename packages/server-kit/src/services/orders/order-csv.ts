import type { AdminOrder, OrderListQuery } from "@admit/client/contract";
import type * as z from "zod/mini";
import type { CsvCell } from "../../http/csv-response.js";
import type { Queryable } from "../../store/store.js";
import { currencyExponent } from "../payments/currency-exponent.js";
import { listOrders } from "./admin-orders.js";

/** Answers as one CSV cell: a JSON object by question id, empty when there are none. */
function answersCell(answers: AdminOrder["answers"]): string | undefined {
  return Object.keys(answers).length > 0 ? JSON.stringify(answers) : undefined;
}

/**
 * The CSV rows of one order, one per line, in the order of `ORDER_CSV_COLUMNS`
 * (`@admit/client/contract`, which the OpenAPI document lists too; documented in the README).
 */
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
      answersCell(order.answers),
      tickets.some((t) => Object.keys(t.answers).length > 0)
        ? JSON.stringify(tickets.map((t) => ({ ticketId: t.id, ...t.answers })))
        : undefined,
      order.promoCode,
      order.breakdown.net,
      order.breakdown.tax,
      order.breakdown.fee,
      order.breakdown.discount,
      order.refundedBreakdown.net,
      order.refundedBreakdown.tax,
      order.refundedBreakdown.fee,
      line.breakdown.net,
      line.breakdown.tax,
      line.breakdown.fee,
      line.breakdown.discount,
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
