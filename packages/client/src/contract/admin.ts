import * as z from "zod/mini";
import { Buyer } from "./checkout.js";
import { HoldItem } from "./hold.js";
import { Money, PriceBreakdown } from "./money.js";
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
import { Answers, AnswersView } from "./questions.js";

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

export const PaymentAttemptId = /* @__PURE__ */ prefixedId("payment");

export const PaymentAttempt = z.object({
  id: PaymentAttemptId,
  provider: z.string(),
  status: PaymentAttemptStatus,
  /** What the provider was asked for. */
  amount: Money,
  /** What the provider took (zero until captured). */
  captured: Money,
  /** What the kit refunded of it (succeeded refunds only). */
  refunded: Money,
  /**
   * `order` for the payment that paid the order; `extra` for one captured beyond it (a
   * superseded attempt or link paid too), money that is not the order's and is to be refunded;
   * `none` while it holds nothing the order counts.
   */
  role: z.enum(["order", "extra", "none"]),
  providerReference: z.optional(z.string()),
  createdAt: Timestamp,
});
export type PaymentAttempt = z.infer<typeof PaymentAttempt>;

export const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;
/**
 * `pending` while the provider is asked (or its answer was lost: a retry with the same
 * Idempotency-Key settles it), `succeeded`, or `failed` (the provider refused or could not make
 * it; nothing came back and the amount stays refundable).
 */
export const RefundStatus = z.enum(REFUND_STATUSES);
export type RefundStatus = z.infer<typeof RefundStatus>;

export const Refund = z.object({
  id: /* @__PURE__ */ prefixedId("refund"),
  status: RefundStatus,
  amount: Money,
  reason: z.string(),
  ticketIds: z.array(TicketId),
  /** How the amount splits into price (net and tax) and fee; none for an extra payment's refund. */
  breakdown: z.optional(PriceBreakdown),
  /** The payment attempt the money went back to. */
  paymentAttemptId: z.optional(PaymentAttemptId),
  /** The refund returned an extra payment, not the order's money (`refunded` leaves it out). */
  extraPayment: z.boolean(),
  /** Why a `failed` refund failed, as the provider said (e.g. `refund_impossible`). */
  failure: z.optional(z.string()),
  providerReference: z.optional(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Refund = z.infer<typeof Refund>;

/** `POST /admin/payment-links/:linkId/resend`: record that the link was sent again. */
export const PaymentLinkResendRequest = z.object({
  /** Where it was sent. */
  to: z.optional(Email),
  /** How it was sent, e.g. `email`, `sms`. */
  channel: z.optional(/* @__PURE__ */ text().check(z.trim(), z.minLength(1), z.maxLength(50))),
});
export type PaymentLinkResendRequest = z.infer<typeof PaymentLinkResendRequest>;

export const PAYMENT_LINK_STATUSES = ["active", "cancelled", "paid", "expired"] as const;

/** A payment link; who created, sent and cancelled it is on its order's timeline. */
export const PaymentLink = z.object({
  id: PaymentLinkId,
  orderId: OrderId,
  url: HttpUrl,
  amount: Money,
  reference: z.string(),
  /** `paid` once its order is paid through it; `expired` past `expiresAt` unpaid. */
  status: z.enum(PAYMENT_LINK_STATUSES),
  expiresAt: Timestamp,
  /** The payment attempt behind the link. */
  paymentAttemptId: PaymentAttemptId,
  createdAt: Timestamp,
  /** Who created it; who cancelled and sent it is on the order's timeline. */
  createdBy: Actor,
  cancelledAt: z.optional(Timestamp),
  /** The latest `POST …/resend`, if any. */
  lastSentAt: z.optional(Timestamp),
});
export type PaymentLink = z.infer<typeof PaymentLink>;

/** One line of an order: a tier, how many, at which price (as held, in minor units). */
export const OrderLine = z.object({
  tierId: Slug,
  tierName: z.string(),
  quantity: z.int(),
  /** The tier's listed price when held. */
  unitPrice: Money,
  /**
   * What was charged for the line (`breakdown.gross`): `quantity × unitPrice` without a code, fee
   * or exclusive tax. The lines add up to the order's `total`.
   */
  total: Money,
  breakdown: PriceBreakdown,
});
export type OrderLine = z.infer<typeof OrderLine>;

/** `GET /admin/orders/:orderId`: the full order. */
/** A ticket as the back office sees it: with the attendee's answers. */
export const AdminTicket = z.extend(Ticket, {
  /** Answers to the event's attendee questions, by question id. */
  answers: AnswersView,
});
export type AdminTicket = z.infer<typeof AdminTicket>;

export const AdminOrder = z.object({
  id: OrderId,
  eventId: Slug,
  status: OrderStatusCode,
  total: Money,
  refunded: Money,
  /** What `total` is made of: the sum of the lines' breakdowns. */
  breakdown: PriceBreakdown,
  /** What `refunded` is made of (succeeded refunds, split as documented). */
  refundedBreakdown: PriceBreakdown,
  promoCode: z.optional(z.string()),
  buyer: Buyer,
  reference: z.optional(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** When the order became `paid` (the latest time, if it was accepted after a review). */
  paidAt: z.optional(Timestamp),
  /** The captured payment that paid the order. */
  paidWith: z.optional(
    z.object({
      paymentAttemptId: PaymentAttemptId,
      provider: z.string(),
      providerReference: z.optional(z.string()),
    }),
  ),
  /** Why the order went to `manual_review` (the latest time), e.g. `amount_mismatch`. */
  manualReview: z.optional(z.object({ reason: z.string(), at: Timestamp })),
  lines: z.array(OrderLine),
  /** Answers to the event's order questions, by question id (`{}` when none were asked). */
  answers: AnswersView,
  payments: z.array(PaymentAttempt),
  tickets: z.array(AdminTicket),
  /** Every refund asked for, failed and pending ones too; `refunded` counts the succeeded ones. */
  refunds: z.array(Refund),
  /** The order's payment links, oldest first (orders from the widget have none). */
  paymentLinks: z.array(PaymentLink),
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
  /**
   * `csv` answers every matching order (from `cursor`, `limit` ignored) as a streamed CSV, one
   * row per order line; `Accept: text/csv` does the same. @default json
   */
  format: z.optional(z.enum(["json", "csv"])),
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
  /**
   * The captured payment attempt to refund (one of the order's `payments`). An `extra` payment
   * is refunded on its own: up to what it captured, no tickets, the order's `refunded` unchanged.
   * @default the payment that paid the order
   */
  paymentAttemptId: z.optional(PaymentAttemptId),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const ResolveRequest = z.object({ decision: z.enum(["accept", "refund"]), reason: Reason });
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export const AttendeeChangeRequest = z.object({
  name: PersonName,
  email: z.optional(Email),
  /**
   * The ticket's answers to the event's attendee questions, replacing the old ones (checked as at
   * checkout); left out, they stay as they are.
   */
  answers: z.optional(Answers),
  reason: Reason,
});
export type AttendeeChangeRequest = z.infer<typeof AttendeeChangeRequest>;

export const CheckInRequest = z.object({
  // A signed code is 148-247 characters (its tier id is 1-64); a plain one 20.
  code: /* @__PURE__ */ text().check(z.trim(), z.minLength(1), z.maxLength(300)),
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

export const Reconciliation = z.object({
  eventId: Slug,
  ticketsSold: z.int(),
  entries: z.int(),
  ticketsRefunded: z.int(),
  providers: z.array(z.object({ provider: z.string(), captured: Money, refunded: Money })),
  /** Per currency: what paid orders were charged and what was refunded of it, split. */
  breakdown: z.array(
    z.object({ currency: z.string(), charged: PriceBreakdown, refunded: PriceBreakdown }),
  ),
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

/** `GET /admin/events/:eventId/reconciliation` query. */
export const ReconciliationQuery = z.object({
  /**
   * `csv` answers the report as a streamed CSV, one row per payment, then the payments no order
   * knows, then the totals per provider; `Accept: text/csv` does the same. @default json
   */
  format: z.optional(z.enum(["json", "csv"])),
});
export type ReconciliationQuery = z.input<typeof ReconciliationQuery>;

export const WAITLIST_ENTRY_STATUSES = ["waiting", "offered", "claimed", "lapsed"] as const;
export const WaitlistEntryStatus = z.enum(WAITLIST_ENTRY_STATUSES);
export type WaitlistEntryStatus = z.infer<typeof WaitlistEntryStatus>;

/** `GET /admin/waitlist`: one waitlist entry as the back office sees it. */
export const AdminWaitlistEntry = z.object({
  id: /* @__PURE__ */ prefixedId("waitlist"),
  eventId: Slug,
  tierId: Slug,
  email: z.string(),
  name: z.optional(z.string()),
  quantity: z.int(),
  status: WaitlistEntryStatus,
  /** 1-based place among the tier's entries still `waiting`; `null` once offered or done. */
  position: z.nullable(/* @__PURE__ */ z.int().check(z.gte(1))),
  /** The seats offered: the order the kit made, its payment link and until when it holds them. */
  offer: z.optional(
    z.object({
      orderId: OrderId,
      orderStatus: OrderStatusCode,
      paymentLinkId: z.optional(PaymentLinkId),
      url: z.optional(HttpUrl),
      expiresAt: Timestamp,
    }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AdminWaitlistEntry = z.infer<typeof AdminWaitlistEntry>;

export const WaitlistPage = z.object({
  items: z.array(AdminWaitlistEntry),
  nextCursor: z.nullable(z.string()),
});
export type WaitlistPage = z.infer<typeof WaitlistPage>;

/** `GET /admin/waitlist` query: entries in queue order (first joined first), cursor-paginated. */
export const WaitlistListQuery = z.object({
  eventId: z.optional(Slug),
  tierId: z.optional(Slug),
  status: z.optional(WaitlistEntryStatus),
  limit: z._default(/* @__PURE__ */ z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 100),
  cursor: z.optional(/* @__PURE__ */ text().check(z.maxLength(500))),
});
export type WaitlistListQuery = z.input<typeof WaitlistListQuery>;
