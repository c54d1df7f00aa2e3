import * as z from "zod/mini";
import { Money, PriceBreakdown } from "./money.js";
import { Email, OrderId, PersonName, Slug, TicketId, Timestamp } from "./primitives.js";

export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "failed",
  "expired",
  "cancelled",
  "manual_review",
  "partially_refunded",
  "refunded",
] as const;
export const OrderStatusCode = z.enum(ORDER_STATUSES);
export type OrderStatusCode = z.infer<typeof OrderStatusCode>;

/** Statuses after which polling stops: nothing will change without a new action. */
export const FINAL_ORDER_STATUSES: ReadonlySet<OrderStatusCode> = new Set([
  "paid",
  "failed",
  "expired",
  "cancelled",
  "manual_review",
  "partially_refunded",
  "refunded",
]);

/** Whether polling an order in `status` can stop. */
export function isFinalOrderStatus(status: OrderStatusCode): boolean {
  return FINAL_ORDER_STATUSES.has(status);
}

/** Who a ticket is for, as the buyer or an admin enters it. */
export const Attendee = z.object({ name: PersonName, email: z.optional(Email) });
export type Attendee = z.infer<typeof Attendee>;

/**
 * Who a ticket is for, as the server answers it: entered through `Attendee`, so the answer's
 * check is only its shape (the widget's bundle then carries no e-mail rule).
 */
const TicketAttendee = z.object({
  name: /* @__PURE__ */ z.string().check(z.minLength(1)),
  email: z.optional(z.string()),
});

export const TICKET_STATUSES = ["valid", "voided"] as const;

/** An admission ticket; `code` is what the door scans. */
export const Ticket = z.object({
  id: TicketId,
  code: /* @__PURE__ */ z.string().check(z.minLength(6)),
  tierId: Slug,
  tierName: z.string(),
  attendee: TicketAttendee,
  status: z.enum(TICKET_STATUSES),
  checkedInAt: z.nullable(Timestamp),
  /** What was charged for this ticket (tickets issued before prices had breakdowns have none). */
  price: z.optional(PriceBreakdown),
  /** The promo code that discounted or unlocked it. */
  promoCode: z.optional(z.string()),
});
export type Ticket = z.infer<typeof Ticket>;

/** `GET /orders/:orderId`: what the buyer may see of an order, for polling. */
export const OrderStatus = z.object({
  id: OrderId,
  eventId: Slug,
  status: OrderStatusCode,
  total: Money,
  refunded: Money,
  expiresAt: Timestamp,
  /** Empty until paid. */
  tickets: z.array(Ticket),
  promoCode: z.optional(z.string()),
  breakdown: z.optional(PriceBreakdown),
  /** The server's hint, in milliseconds, for when to poll next. */
  nextPollMs: /* @__PURE__ */ z.int().check(z.gte(0), z.lte(3_600_000)),
});
export type OrderStatus = z.infer<typeof OrderStatus>;
