import * as z from "zod/mini";
import { EventSummary } from "./event.js";
import { Money } from "./money.js";
import { OrderStatusCode, Ticket } from "./order.js";
import { OrderId, Slug, Timestamp } from "./primitives.js";

/** One line of what was ordered: a tier, how many, at what price. */
export const ReceiptLine = z.object({
  tierId: Slug,
  tierName: z.string(),
  quantity: /* @__PURE__ */ z.int().check(z.gte(1)),
  unitPrice: Money,
  /** unitPrice × quantity, as charged. */
  total: Money,
});
export type ReceiptLine = z.infer<typeof ReceiptLine>;

/**
 * `GET /orders/:orderId/receipt` (order token; the same 404 rule as `GET /orders/:orderId`):
 * everything the buyer's receipt shows, read once when the order reaches a final status.
 */
export const OrderReceipt = z.object({
  orderId: OrderId,
  /** Short, human order number to quote to support, e.g. "K7Q-4M2P" (derived from the id, stable). */
  orderNumber: z.string(),
  status: OrderStatusCode,
  event: EventSummary,
  buyer: z.object({ name: z.string(), email: z.string() }),
  lines: z.array(ReceiptLine),
  total: Money,
  refunded: Money,
  /** Empty unless paid (or partially refunded); voided tickets are listed with status "voided". */
  tickets: z.array(Ticket),
  /** Where the confirmation e-mail went, when the host sends it (option `sendsConfirmationEmail`); else null. */
  confirmationSentTo: z.nullable(z.string()),
  /**
   * Absolute URLs (order token included as `?token=`) to download the tickets (PDF), the event
   * (.ics) and, when the host configured Apple Wallet, a pass; null when unavailable (not paid).
   */
  downloads: z.nullable(
    z.object({ pdf: z.string(), calendar: z.string(), wallet: z.nullable(z.string()) }),
  ),
  /** Until when the seats stay held for another payment attempt (failed orders); else null. */
  heldUntil: z.nullable(Timestamp),
});
export type OrderReceipt = z.infer<typeof OrderReceipt>;
