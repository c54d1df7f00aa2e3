import type { OrderReceipt, ReceiptLine } from "@admit/client/contract";
import { sha256Hex, tokenMatches } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { type EventRow, eventSummary, loadEvent } from "../events/event-view.js";
import type { KitContext } from "../kit-context.js";
import { REFUNDABLE } from "./order-status.js";
import { loadOrder, loadTickets, type OrderRow, type TicketRow, toTicket } from "./order-view.js";

/** An order row with its read-only download token (migration 12). */
export type DeliverableOrder = OrderRow & { download_token: string };

// Crockford's base32: no I, L, O or U, so a number read out on the phone is not misheard.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The order's short number to quote to support, e.g. `K7QF-4M2P`: the first 40 bits of the
 * SHA-256 of the order id, as 8 Crockford base32 characters in two groups of four. Derived, so
 * it is stable and needs no column; not guaranteed unique (two orders share one with odds of
 * about n² / 2⁴¹, so 1 in 2,000 at 30,000 orders): support confirms with the buyer's e-mail.
 */
export function orderNumber(orderId: string): string {
  let bits = BigInt(`0x${sha256Hex(orderId).slice(0, 10)}`);
  let out = "";
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/**
 * Load an order for its buyer: `token` must be the order token or, where `download` allows it,
 * the order's download token (the links in the receipt and the e-mail carry that one). Both
 * are compared as SHA-256 hashes in constant time; a wrong or missing token answers 404 like
 * an unknown order.
 */
export async function loadOrderForBuyer(
  q: Queryable,
  orderId: string,
  token: string | undefined,
  { download }: { download: boolean },
): Promise<DeliverableOrder> {
  const order = (await loadOrder(q, orderId)) as DeliverableOrder | undefined;
  const orderToken = order !== undefined && tokenMatches(token, order.token_hash);
  const downloadToken =
    order !== undefined && tokenMatches(token, sha256Hex(order.download_token)) && download;
  if (!order || !(orderToken || downloadToken)) throw new AdmitError("not_found", "No such order");
  return order;
}

/** The buyer's downloads need a paid (or partially refunded) order: 409 `order_not_paid` else. */
export function assertDeliverable(order: OrderRow): void {
  if (!REFUNDABLE.has(order.status))
    throw new AdmitError(
      "order_not_paid",
      `The order is ${order.status}; tickets are delivered for paid orders only`,
      { orderStatus: order.status },
    );
}

/** What was ordered, tier by tier, at the prices stored with the hold. */
async function loadLines(q: Queryable, order: OrderRow): Promise<ReceiptLine[]> {
  const rows = await q.query<{
    tier_id: string;
    tier_name: string;
    quantity: number;
    unit_amount: number | string;
  }>(
    `select i.tier_id, coalesce(t.name, i.tier_id) as tier_name, i.quantity, i.unit_amount
     from admit_hold_items i left join admit_tiers t on t.event_id = i.event_id and t.id = i.tier_id
     where i.hold_id = $1 order by i.position`,
    [order.hold_id],
  );
  const money = (amount: number) => ({ amount, currency: order.currency });
  return rows.map((row) => ({
    tierId: row.tier_id,
    tierName: row.tier_name,
    quantity: row.quantity,
    unitPrice: money(Number(row.unit_amount)),
    total: money(Number(row.unit_amount) * row.quantity),
  }));
}

/** The download links of a paid order: absolute, with the read-only download token. */
export function downloadLinks(
  ctx: KitContext,
  order: DeliverableOrder,
  publicUrl: string,
): OrderReceipt["downloads"] {
  if (!REFUNDABLE.has(order.status)) return null;
  const link = (file: string) =>
    `${publicUrl}/orders/${encodeURIComponent(order.id)}/${file}?token=${encodeURIComponent(order.download_token)}`;
  return {
    pdf: link("tickets.pdf"),
    calendar: link("calendar.ics"),
    wallet: ctx.options.appleWallet ? link("wallet.pkpass") : null,
  };
}

/** Everything a paid order delivers: the receipt with its event and the ticket rows. */
export interface ReceiptData {
  receipt: OrderReceipt;
  event: EventRow;
  tickets: TicketRow[];
}

/**
 * The receipt of `order` (already authorized): the event, the order number, the lines, the
 * tickets (paid and partially refunded orders only; voided ones listed as `voided`), where
 * the confirmation went and the download links.
 */
export async function buildReceipt(
  ctx: KitContext,
  order: DeliverableOrder,
  publicUrl: string,
): Promise<ReceiptData> {
  const [event, lines, tickets] = await Promise.all([
    loadEvent(ctx.store, order.event_id),
    loadLines(ctx.store, order),
    REFUNDABLE.has(order.status) ? loadTickets(ctx.store, [order.id]) : Promise.resolve([]),
  ]);
  const money = (amount: number) => ({ amount: Number(amount), currency: order.currency });
  const receipt: OrderReceipt = {
    orderId: order.id,
    orderNumber: orderNumber(order.id),
    status: order.status,
    event: eventSummary(event),
    buyer: { name: order.buyer_name, email: order.buyer_email },
    lines,
    total: money(order.total_amount),
    refunded: money(order.refunded_amount),
    tickets: tickets.map(toTicket),
    confirmationSentTo:
      ctx.options.sendsConfirmationEmail && order.paid_at !== null ? order.buyer_email : null,
    downloads: downloadLinks(ctx, order, publicUrl),
    heldUntil:
      order.status === "failed" && order.expires_at > order.db_now
        ? order.expires_at.toISOString()
        : null,
  };
  return { receipt, event, tickets };
}

/** `GET /orders/:orderId/receipt` with the order token. */
export async function getReceipt(
  ctx: KitContext,
  orderId: string,
  token: string | undefined,
  publicUrl: string,
): Promise<OrderReceipt> {
  const order = await loadOrderForBuyer(ctx.store, orderId, token, { download: false });
  return (await buildReceipt(ctx, order, publicUrl)).receipt;
}
