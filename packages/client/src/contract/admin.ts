import * as z from "zod/mini";
import { Buyer } from "./checkout.js";
import { HoldItem } from "./hold.js";
import { Money } from "./money.js";
import { Attendee, OrderStatusCode, Ticket } from "./order.js";
import {
  Email,
  HttpUrl,
  OrderId,
  PaymentLinkId,
  PersonName,
  prefixedId,
  Reason,
  Reference,
  Slug,
  TicketId,
  Timestamp,
  text,
} from "./primitives.js";

/** Who did something: a person the host's `authorize` hook named, or the system. */
export const Actor = z.union([
  z.object({ id: z.string(), name: z.string() }),
  z.object({ system: z.string() }),
]);
export type Actor = z.infer<typeof Actor>;

export const PAYMENT_ATTEMPT_STATUSES = [
  "requested",
  "authorized",
  "captured",
  "failed",
  "voided",
  "expired",
  "refunded",
  "partially_refunded",
] as const;
export const PaymentAttemptStatus = z.enum(PAYMENT_ATTEMPT_STATUSES);
export type PaymentAttemptStatus = z.infer<typeof PaymentAttemptStatus>;

export const PaymentAttempt = z.object({
  id: /* @__PURE__ */ prefixedId("payment"),
  provider: z.string(),
  status: PaymentAttemptStatus,
  amount: Money,
  providerReference: z.optional(z.string()),
  createdAt: Timestamp,
});
export type PaymentAttempt = z.infer<typeof PaymentAttempt>;

export const Refund = z.object({
  id: /* @__PURE__ */ prefixedId("refund"),
  amount: Money,
  reason: z.string(),
  ticketIds: z.array(TicketId),
  createdAt: Timestamp,
});
export type Refund = z.infer<typeof Refund>;

/** `GET /admin/orders/:orderId`: the full order. */
export const AdminOrder = z.object({
  id: OrderId,
  eventId: Slug,
  status: OrderStatusCode,
  total: Money,
  refunded: Money,
  buyer: Buyer,
  reference: z.optional(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  payments: z.array(PaymentAttempt),
  tickets: z.array(Ticket),
  refunds: z.array(Refund),
});
export type AdminOrder = z.infer<typeof AdminOrder>;

export const OrderPage = z.object({
  items: z.array(AdminOrder),
  nextCursor: z.nullable(z.string()),
});
export type OrderPage = z.infer<typeof OrderPage>;

/** `GET /admin/orders` query. Values arrive as strings and are coerced. */
export const OrderListQuery = z.object({
  eventId: z.optional(Slug),
  status: z.optional(OrderStatusCode),
  updatedFrom: z.optional(Timestamp),
  updatedTo: z.optional(Timestamp),
  limit: z._default(/* @__PURE__ */ z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 100),
  cursor: z.optional(/* @__PURE__ */ text().check(z.maxLength(500))),
});
export type OrderListQuery = z.input<typeof OrderListQuery>;

/** One append-only record of something that happened. */
export const TimelineEntry = z.object({
  id: /* @__PURE__ */ prefixedId("timeline"),
  at: Timestamp,
  type: z.string(),
  actor: Actor,
  reason: z.optional(z.string()),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Timeline = z.object({ items: z.array(TimelineEntry) });
export type Timeline = z.infer<typeof Timeline>;

/** `GET /admin/orders/:orderId/cancellation`: what can still be cancelled and refunded. */
export const CancellationInfo = z.object({
  orderId: OrderId,
  cancellable: z.boolean(),
  refundable: Money,
  tickets: z.array(
    z.object({
      ticketId: TicketId,
      status: Ticket.shape.status,
      cancellable: z.boolean(),
      refundable: Money,
    }),
  ),
});
export type CancellationInfo = z.infer<typeof CancellationInfo>;

export const CancelRequest = z.object({
  ticketIds: z.optional(/* @__PURE__ */ z.array(TicketId).check(z.minLength(1))),
  reason: Reason,
  refund: z.boolean(),
});
export type CancelRequest = z.infer<typeof CancelRequest>;

export const RefundRequest = z.object({
  amount: Money,
  reason: Reason,
  ticketIds: z.optional(/* @__PURE__ */ z.array(TicketId).check(z.minLength(1))),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const ResolveRequest = z.object({ decision: z.enum(["accept", "refund"]), reason: Reason });
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export const AttendeeChangeRequest = z.object({
  name: PersonName,
  email: z.optional(Email),
  reason: Reason,
});
export type AttendeeChangeRequest = z.infer<typeof AttendeeChangeRequest>;

export const CheckInRequest = z.object({
  code: /* @__PURE__ */ text().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
export type CheckInRequest = z.infer<typeof CheckInRequest>;

export const PaymentLinkRequest = z.object({
  eventId: Slug,
  items: /* @__PURE__ */ z.array(HoldItem).check(z.minLength(1)),
  buyer: Buyer,
  attendees: z.optional(z.array(z.extend(Attendee, { tierId: Slug }))),
  reference: Reference,
  expiresAt: z.optional(Timestamp),
});
export type PaymentLinkRequest = z.infer<typeof PaymentLinkRequest>;

export const PaymentLink = z.object({
  id: PaymentLinkId,
  orderId: OrderId,
  url: HttpUrl,
  amount: Money,
  reference: z.string(),
  status: z.enum(["active", "cancelled", "paid", "expired"]),
  expiresAt: Timestamp,
});
export type PaymentLink = z.infer<typeof PaymentLink>;

export const Reconciliation = z.object({
  eventId: Slug,
  ticketsSold: z.int(),
  entries: z.int(),
  ticketsRefunded: z.int(),
  providers: z.array(z.object({ provider: z.string(), captured: Money, refunded: Money })),
  mismatches: z.array(
    z.object({
      kind: z.enum([
        "payment_without_order",
        "paid_without_capture",
        "amount_mismatch",
        "status_mismatch",
      ]),
      orderId: z.optional(OrderId),
      paymentId: z.optional(z.string()),
      providerReference: z.optional(z.string()),
      detail: z.string(),
    }),
  ),
});
export type Reconciliation = z.infer<typeof Reconciliation>;
