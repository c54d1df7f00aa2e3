import * as z from "zod/mini";
import {
  AdminOrder,
  AttendeeChangeRequest,
  CancellationInfo,
  CancelRequest,
  CheckInRequest,
  OrderListQuery,
  OrderPage,
  PaymentLink,
  PaymentLinkRequest,
  Reconciliation,
  RefundRequest,
  ResolveRequest,
  Timeline,
} from "../contract/admin.js";
import { Checkout, CheckoutRequest, PaymentAttemptRequest } from "../contract/checkout.js";
import { Event, EventInput } from "../contract/event.js";
import { Hold, HoldRequest } from "../contract/hold.js";
import { Health, Readiness, WebhookReceipt } from "../contract/operations.js";
import { OrderStatus, Ticket } from "../contract/order.js";
import { HoldId, OrderId, PaymentLinkId, Slug, TicketId } from "../contract/primitives.js";
import type { ProblemCode } from "../contract/problem-codes.js";
import { WaitlistEntry, WaitlistRequest } from "../contract/waitlist.js";

/**
 * Who may call a route. `public`: anyone (the widget), CORS for the host's allowed origins,
 * rate-limited per client IP. `admin`: the host's `authorize` hook must name an actor; never
 * CORS. `webhook`: payment providers, verified by signature. `operations`: load balancers and
 * orchestrators (health and readiness): no CORS, no rate limit.
 */
export type ApiAccess = "public" | "admin" | "webhook" | "operations";

/** One success answer of a route. */
export interface ApiAnswer {
  description: string;
  /** The JSON body's schema; none for an empty answer (204, 303). */
  schema?: z.ZodMiniType;
  /** Answer headers that matter, by name: their description. */
  headers?: Readonly<Record<string, string>>;
}

/** One route of the Admit HTTP API, as the OpenAPI document describes it. */
export interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Relative to the mount point, with `:name` path parameters. */
  path: string;
  /** Also the method name of `@admit/client`'s clients where they have one. */
  operationId: string;
  summary: string;
  access: ApiAccess;
  /** Which secret a public route takes as `Authorization: Bearer`. */
  token?: "hold" | "order";
  params?: Readonly<Record<string, z.ZodMiniType>>;
  /** Query string; every value arrives as a string and is coerced. */
  query?: z.ZodMiniType;
  /** JSON request body; `"raw"` for a provider's notification, verified over its exact bytes. */
  body?: z.ZodMiniType | "raw";
  /** Requires an `Idempotency-Key` header (one per user intent, reused on retry). */
  idempotent?: true;
  /** Answers by status. */
  answers: Readonly<Partial<Record<200 | 201 | 204 | 303, ApiAnswer>>>;
  /**
   * Problem codes particular to the route. The document adds those every route of its kind
   * can answer: `not_found` with path parameters, `invalid_request` with a body or query, the
   * idempotency codes, `rate_limited` (public), `unauthorized`/`forbidden` (admin), `busy`
   * (anything that touches the database) and `internal_error`.
   */
  problems: readonly ProblemCode[];
}

/** The outline of an OpenAPI document, for the answer of `GET /openapi.json`. */
const OpenApiDocumentShape = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

const json = (description: string, schema: z.ZodMiniType): ApiAnswer => ({ description, schema });
const RETRIED_PROVIDER = "provider_unavailable";

/**
 * Every route of the Admit HTTP API: the one list the OpenAPI document is generated from. The
 * server kit's route table is checked against it (same methods and paths, no more, no fewer).
 *
 * @example
 * import { API_ROUTES } from "@admit/client/openapi";
 * const adminPaths = API_ROUTES.filter((r) => r.access === "admin").map((r) => `${r.method} ${r.path}`);
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/events/:eventId",
    operationId: "getEvent",
    summary: "An event with its tiers and live availability",
    access: "public",
    params: { eventId: Slug },
    answers: { 200: json("The event as buyers see it", Event) },
    problems: [],
  },
  {
    method: "POST",
    path: "/holds",
    operationId: "createHold",
    summary: "Hold seats for a time-to-live; the server computes the price",
    access: "public",
    body: HoldRequest,
    idempotent: true,
    answers: { 201: json("The hold, with its secret `token`", Hold) },
    problems: ["not_found", "not_on_sale", "sold_out", "limit_exceeded"],
  },
  {
    method: "GET",
    path: "/holds/:holdId",
    operationId: "getHold",
    summary: "A hold's state (hold token required)",
    access: "public",
    token: "hold",
    params: { holdId: HoldId },
    answers: { 200: json("The hold", Hold) },
    problems: [],
  },
  {
    method: "DELETE",
    path: "/holds/:holdId",
    operationId: "releaseHold",
    summary: "Release a hold's seats (hold token required)",
    access: "public",
    token: "hold",
    params: { holdId: HoldId },
    answers: { 204: { description: "Released (or already no longer active)" } },
    problems: ["hold_not_active"],
  },
  {
    method: "POST",
    path: "/holds/:holdId/checkout",
    operationId: "checkout",
    summary: "Attach the buyer's registration; creates the order and its payment request",
    access: "public",
    token: "hold",
    params: { holdId: HoldId },
    body: CheckoutRequest,
    idempotent: true,
    answers: { 201: json("Where to send the buyer, and the order token for polling", Checkout) },
    problems: ["hold_not_active", RETRIED_PROVIDER],
  },
  {
    method: "GET",
    path: "/orders/:orderId",
    operationId: "getOrder",
    summary: "An order's status, for polling (order token required)",
    access: "public",
    token: "order",
    params: { orderId: OrderId },
    answers: { 200: json("The order; `nextPollMs` says when to ask again", OrderStatus) },
    problems: [],
  },
  {
    method: "POST",
    path: "/orders/:orderId/payments",
    operationId: "retryPayment",
    summary: "A new payment attempt for the same order, after `failed`",
    access: "public",
    token: "order",
    params: { orderId: OrderId },
    body: PaymentAttemptRequest,
    idempotent: true,
    answers: { 201: json("Where to send the buyer", Checkout) },
    problems: ["order_not_payable", RETRIED_PROVIDER],
  },
  {
    method: "POST",
    path: "/waitlist",
    operationId: "joinWaitlist",
    summary: "Join the waitlist of a sold-out tier",
    access: "public",
    body: WaitlistRequest,
    idempotent: true,
    answers: { 201: json("The entry and its place in the queue", WaitlistEntry) },
    problems: ["not_found", "not_on_sale"],
  },
  {
    method: "GET",
    path: "/return/:orderId",
    operationId: "returnFromPayment",
    summary:
      "Where the provider sends the buyer back; changes nothing and redirects to the order's `returnUrl` with `admit_order=<id>`",
    access: "public",
    params: { orderId: OrderId },
    answers: {
      303: {
        description: "To the order's `returnUrl`",
        headers: { Location: "The order's `returnUrl` with `admit_order=<orderId>` added" },
      },
    },
    problems: [],
  },
  {
    method: "POST",
    path: "/webhooks/:provider",
    operationId: "receiveWebhook",
    summary:
      "A payment provider's notification, verified over the exact raw body (the provider's own format and signature headers)",
    access: "webhook",
    params: { provider: Slug },
    body: "raw",
    answers: {
      200: json("Verified and applied (at most once per provider event)", WebhookReceipt),
    },
    problems: ["invalid_signature", RETRIED_PROVIDER],
  },
  {
    method: "PUT",
    path: "/admin/events/:eventId",
    operationId: "putEvent",
    summary: "Create or update an event and its tiers",
    access: "admin",
    params: { eventId: Slug },
    body: EventInput,
    answers: {
      200: json("Updated; the event as buyers see it", Event),
      201: json("Created; the event as buyers see it", Event),
    },
    problems: ["capacity_below_sold"],
  },
  {
    method: "GET",
    path: "/admin/orders",
    operationId: "listOrders",
    summary: "Orders, newest update first, with cursor pagination",
    access: "admin",
    query: OrderListQuery,
    answers: { 200: json("One page; pass `nextCursor` back as `cursor`", OrderPage) },
    problems: [],
  },
  {
    method: "GET",
    path: "/admin/orders/:orderId",
    operationId: "getAdminOrder",
    summary: "The full order: buyer, reference, payment attempts, tickets, refunds",
    access: "admin",
    params: { orderId: OrderId },
    answers: { 200: json("The order", AdminOrder) },
    problems: [],
  },
  {
    method: "GET",
    path: "/admin/orders/:orderId/timeline",
    operationId: "getTimeline",
    summary: "The order's append-only timeline",
    access: "admin",
    params: { orderId: OrderId },
    answers: { 200: json("Every entry, oldest first", Timeline) },
    problems: [],
  },
  {
    method: "GET",
    path: "/admin/orders/:orderId/cancellation",
    operationId: "getCancellation",
    summary: "What can still be cancelled and refunded, per ticket",
    access: "admin",
    params: { orderId: OrderId },
    answers: { 200: json("Per ticket and in total", CancellationInfo) },
    problems: [],
  },
  {
    method: "POST",
    path: "/admin/orders/:orderId/cancel",
    operationId: "cancelOrder",
    summary: "Cancel the whole order or some tickets, with or without a refund",
    access: "admin",
    params: { orderId: OrderId },
    body: CancelRequest,
    idempotent: true,
    answers: { 200: json("The updated order", AdminOrder) },
    problems: ["order_not_payable", "refund_exceeds_paid", "ticket_not_valid", RETRIED_PROVIDER],
  },
  {
    method: "POST",
    path: "/admin/orders/:orderId/refunds",
    operationId: "refundOrder",
    summary: "Refund part or all of what was paid; repeatable until fully refunded",
    access: "admin",
    params: { orderId: OrderId },
    body: RefundRequest,
    idempotent: true,
    answers: { 200: json("The updated order", AdminOrder) },
    problems: ["refund_exceeds_paid", RETRIED_PROVIDER],
  },
  {
    method: "POST",
    path: "/admin/orders/:orderId/resolve",
    operationId: "resolveOrder",
    summary: "Settle an order in `manual_review`: accept it or refund it",
    access: "admin",
    params: { orderId: OrderId },
    body: ResolveRequest,
    idempotent: true,
    answers: { 200: json("The updated order", AdminOrder) },
    problems: ["order_not_payable", "sold_out", RETRIED_PROVIDER],
  },
  {
    method: "PATCH",
    path: "/admin/tickets/:ticketId/attendee",
    operationId: "changeAttendee",
    summary: "Change who a ticket is for",
    access: "admin",
    params: { ticketId: TicketId },
    body: AttendeeChangeRequest,
    idempotent: true,
    answers: { 200: json("The updated ticket", Ticket) },
    problems: ["ticket_not_valid"],
  },
  {
    method: "POST",
    path: "/admin/check-ins",
    operationId: "checkIn",
    summary: "Admit one ticket at the door by its code",
    access: "admin",
    body: CheckInRequest,
    idempotent: true,
    answers: { 200: json("The ticket, with `checkedInAt` set", Ticket) },
    problems: ["not_found", "already_checked_in", "ticket_not_valid"],
  },
  {
    method: "POST",
    path: "/admin/payment-links",
    operationId: "createPaymentLink",
    summary: "An order created by a manager or CRM, paid on the provider's page",
    access: "admin",
    body: PaymentLinkRequest,
    idempotent: true,
    answers: { 201: json("The link", PaymentLink) },
    problems: ["not_found", "not_on_sale", "sold_out", "limit_exceeded", RETRIED_PROVIDER],
  },
  {
    method: "DELETE",
    path: "/admin/payment-links/:linkId",
    operationId: "cancelPaymentLink",
    summary: "Cancel a payment link; its seats come back",
    access: "admin",
    params: { linkId: PaymentLinkId },
    answers: { 204: { description: "Cancelled" } },
    problems: ["order_not_payable", RETRIED_PROVIDER],
  },
  {
    method: "GET",
    path: "/admin/events/:eventId/reconciliation",
    operationId: "getReconciliation",
    summary: "Sold vs entered vs refunded vs what the providers say, with every mismatch",
    access: "admin",
    params: { eventId: Slug },
    answers: { 200: json("The report", Reconciliation) },
    problems: [RETRIED_PROVIDER],
  },
  {
    method: "GET",
    path: "/health",
    operationId: "getHealth",
    summary: "Liveness: the process answers. Never touches the database",
    access: "operations",
    answers: { 200: json("Alive", Health) },
    problems: [],
  },
  {
    method: "GET",
    path: "/ready",
    operationId: "getReadiness",
    summary:
      "Readiness: the database answers and its schema is current (the first call runs the kit's pending migrations)",
    access: "operations",
    answers: { 200: json("Ready for traffic", Readiness) },
    problems: ["not_ready"],
  },
  {
    method: "GET",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document, with `servers` set to the mount's URL",
    access: "public",
    answers: { 200: json("An OpenAPI 3.1 document", OpenApiDocumentShape) },
    problems: [],
  },
];
