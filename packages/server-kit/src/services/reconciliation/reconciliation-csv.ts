import { RECONCILIATION_CSV_COLUMNS } from "@admit/client/contract";
import type { CsvCell } from "../../http/csv-response.js";
import { loadEvent } from "../events/event-view.js";
import type { KitContext } from "../kit-context.js";
import { currencyExponent } from "../payments/currency-exponent.js";
import { breakdownTotals } from "../pricing/breakdown-totals.js";
import {
  type Mismatch,
  ProviderTotals,
  paymentsWithoutOrder,
  reconcileAttempts,
} from "./reconciliation-report.js";

/**
 * The reconciliation of an event as CSV row batches, a page of orders at a time, in the order
 * of `RECONCILIATION_CSV_COLUMNS` (`@admit/client/contract`; documented in the README). `row` is
 * `payment` (one per payment attempt with a provider reference), `unknown_payment` (money at a
 * provider that no order knows) or `provider_total` (the kit's totals per provider, last).
 * Amounts are integer minor units.
 */
export async function* reconciliationCsvBatches(
  ctx: KitContext,
  eventId: string,
  ordersPerPage?: number,
): AsyncGenerator<CsvCell[][]> {
  // Rows without a breakdown leave its columns (the last ones) empty.
  for await (const rows of reconciliationRows(ctx, eventId, ordersPerPage))
    yield rows.map((row) => [
      ...row,
      ...Array.from({ length: RECONCILIATION_CSV_COLUMNS.length - row.length }, () => undefined),
    ]);
}

async function* reconciliationRows(
  ctx: KitContext,
  eventId: string,
  ordersPerPage?: number,
): AsyncGenerator<CsvCell[][]> {
  const event = await loadEvent(ctx.store, eventId);
  const exponent = currencyExponent(event.currency);
  const totals = new ProviderTotals(ctx);
  const joined = (found: readonly Mismatch[]) => ({
    kinds: found.map((m) => m.kind).join(";"),
    detail: found.map((m) => m.detail).join("; "),
  });
  for await (const page of reconcileAttempts(ctx, event.id, ordersPerPage)) {
    totals.add(page.attempts);
    yield page.attempts.map((a, i) => {
      const remote = page.remote[i];
      const found = joined(page.mismatches.filter((m) => m.paymentId === a.id));
      const captured = ["captured", "partially_refunded", "refunded"].includes(a.status);
      const role = page.paying.get(a.order_id) === a.id ? "order" : captured ? "extra" : "none";
      return [
        "payment",
        event.id,
        a.order_id,
        a.order_status,
        a.id,
        a.provider,
        a.provider_reference,
        role,
        a.status,
        a.currency,
        exponent,
        captured ? a.amount : 0,
        a.refunded,
        remote?.status ?? "unknown",
        remote && ["captured", "partially_refunded", "refunded"].includes(remote.status)
          ? remote.amount.amount
          : 0,
        remote?.amountRefunded?.amount,
        found.kinds,
        found.detail,
      ];
    });
  }
  const unknown = await paymentsWithoutOrder(ctx, event.id);
  yield unknown.map((m) => [
    "unknown_payment",
    event.id,
    m.orderId,
    undefined,
    m.paymentId,
    undefined,
    m.providerReference,
    undefined,
    undefined,
    event.currency,
    exponent,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    m.kind,
    m.detail,
  ]);
  yield totals
    .list(event.currency)
    .map((t) => [
      "provider_total",
      event.id,
      undefined,
      undefined,
      undefined,
      t.provider,
      undefined,
      undefined,
      undefined,
      t.captured.currency,
      exponent,
      t.captured.amount,
      t.refunded.amount,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  yield (await breakdownTotals(ctx.store, event.id)).flatMap((t) =>
    (["charged", "refunded"] as const).map((kind) => [
      `${kind}_total`,
      event.id,
      ...Array.from({ length: 7 }, () => undefined),
      t.currency,
      currencyExponent(t.currency),
      ...Array.from({ length: 7 }, () => undefined),
      t[kind].net,
      t[kind].tax,
      t[kind].fee,
      t[kind].discount,
      t[kind].gross,
    ]),
  );
}
