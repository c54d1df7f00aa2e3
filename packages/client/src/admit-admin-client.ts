import { type AdmitClientOptions, resolveClientOptions } from "./client-options.js";
import {
  AdminOrder,
  AdminTicket,
  type AttendeeChangeRequest,
  CancellationInfo,
  type CancelRequest,
  type CheckInRequest,
  type OrderListQuery,
  OrderPage,
  PaymentLink,
  type PaymentLinkRequest,
  type PaymentLinkResendRequest,
  Reconciliation,
  type RefundRequest,
  type ResolveRequest,
  Timeline,
  type WaitlistListQuery,
  WaitlistPage,
} from "./contract/admin.js";
import { Event, type EventInput } from "./contract/event.js";
import { Ticket } from "./contract/order.js";
import { PromoCode, type PromoCodeInput, PromoCodeList, PromoCodeUses } from "./contract/promo.js";
import { AdminEvent, type TicketKeyRotationRequest, TicketKeys } from "./contract/ticket-keys.js";
import { fetchCsv } from "./http/fetch-csv.js";
import { path } from "./http/path.js";
import { createTransport, type RequestOptions } from "./http/transport.js";

/** Options of {@link createAdmitAdminClient}. */
export interface AdmitAdminClientOptions extends AdmitClientOptions {
  /**
   * Sent as `Authorization: Bearer <token>` for the host's `authorize` hook. Leave it out
   * when the hook reads a session cookie instead.
   */
  token?: string;
}

/**
 * The admin routes of an Admit server (host back office, CRM, box office), typed by the
 * contract. Calls that change something carry an `Idempotency-Key`, so a refund or a
 * check-in retried by the client never happens twice.
 */
export interface AdmitAdminClient {
  /** `PUT /admin/events/:eventId`: creates or updates an event and its tiers. */
  putEvent(eventId: string, body: EventInput, o?: RequestOptions): Promise<Event>;
  /** `GET /admin/events/:eventId`: the event with its ticket signing keys (public halves). */
  getAdminEvent(eventId: string, o?: RequestOptions): Promise<AdminEvent>;
  /**
   * `POST /admin/events/:eventId/ticket-keys`: retires the event's signing key (it still
   * verifies the tickets it signed) and makes a new one; answers every key of the event.
   */
  rotateTicketKey(
    eventId: string,
    body: TicketKeyRotationRequest,
    o?: RequestOptions,
  ): Promise<TicketKeys>;
  /** `GET /admin/orders`: newest update first; pass `nextCursor` back as `cursor`. */
  listOrders(query?: Omit<OrderListQuery, "format">, o?: RequestOptions): Promise<OrderPage>;
  /** `GET /admin/orders/:orderId`. */
  getAdminOrder(orderId: string, o?: RequestOptions): Promise<AdminOrder>;
  /** `GET /admin/orders/:orderId/timeline`. */
  getTimeline(orderId: string, o?: RequestOptions): Promise<Timeline>;
  /** `GET /admin/orders/:orderId/cancellation`: what can still be cancelled and refunded. */
  getCancellation(orderId: string, o?: RequestOptions): Promise<CancellationInfo>;
  /** `POST /admin/orders/:orderId/cancel`; answers the updated order. */
  cancelOrder(orderId: string, body: CancelRequest, o?: RequestOptions): Promise<AdminOrder>;
  /** `POST /admin/orders/:orderId/refunds`; answers the updated order. */
  refundOrder(orderId: string, body: RefundRequest, o?: RequestOptions): Promise<AdminOrder>;
  /** `POST /admin/orders/:orderId/resolve`: settles `manual_review`; answers the order. */
  resolveOrder(orderId: string, body: ResolveRequest, o?: RequestOptions): Promise<AdminOrder>;
  /** `PATCH /admin/tickets/:ticketId/attendee`; answers the updated ticket with its answers. */
  changeAttendee(
    ticketId: string,
    body: AttendeeChangeRequest,
    o?: RequestOptions,
  ): Promise<AdminTicket>;
  /** `POST /admin/check-ins`: admits one ticket; answers it with `checkedInAt` set. */
  checkIn(body: CheckInRequest, o?: RequestOptions): Promise<Ticket>;
  /** `POST /admin/payment-links`: an order created by a manager or CRM, paid by link. */
  createPaymentLink(body: PaymentLinkRequest, o?: RequestOptions): Promise<PaymentLink>;
  /** `DELETE /admin/payment-links/:linkId` (204). */
  cancelPaymentLink(linkId: string, o?: RequestOptions): Promise<void>;
  /** `GET /admin/payment-links/:linkId`: the link with its status, expiry and who made it. */
  getPaymentLink(linkId: string, o?: RequestOptions): Promise<PaymentLink>;
  /**
   * `POST /admin/payment-links/:linkId/resend`: records that the host sent the link again
   * (the kit sends nothing itself); answers the link with `lastSentAt`.
   */
  resendPaymentLink(
    linkId: string,
    body?: PaymentLinkResendRequest,
    o?: RequestOptions,
  ): Promise<PaymentLink>;
  /** `GET /admin/events/:eventId/reconciliation`. */
  getReconciliation(eventId: string, o?: RequestOptions): Promise<Reconciliation>;
  /** `GET /admin/waitlist`: entries in queue order; pass `nextCursor` back as `cursor`. */
  listWaitlist(query?: WaitlistListQuery, o?: RequestOptions): Promise<WaitlistPage>;
  /** `GET /admin/events/:eventId/promo-codes`: the event's codes with their uses. */
  listPromoCodes(eventId: string, o?: RequestOptions): Promise<PromoCodeList>;
  /** `POST /admin/events/:eventId/promo-codes`: a new code (409 `promo_code_exists` in any case). */
  createPromoCode(eventId: string, body: PromoCodeInput, o?: RequestOptions): Promise<PromoCode>;
  /** `PUT /admin/events/:eventId/promo-codes/:code`: replace a code's settings. */
  updatePromoCode(
    eventId: string,
    code: string,
    body: PromoCodeInput,
    o?: RequestOptions,
  ): Promise<PromoCode>;
  /** `POST /admin/events/:eventId/promo-codes/:code/disable`: refuse it from now on. */
  disablePromoCode(eventId: string, code: string, o?: RequestOptions): Promise<PromoCode>;
  /** `GET /admin/events/:eventId/promo-codes/:code/uses`: the holds and orders that used it. */
  listPromoCodeUses(eventId: string, code: string, o?: RequestOptions): Promise<PromoCodeUses>;
  /**
   * `GET /admin/orders` as CSV (`Accept: text/csv`): every matching order, one row per order
   * line, as text. Not retried and not bound by `timeoutMs`; abort it with `o.signal`.
   */
  exportOrdersCsv(query?: Omit<OrderListQuery, "format">, o?: RequestOptions): Promise<string>;
  /** `GET /admin/events/:eventId/reconciliation` as CSV: one row per payment, then totals. */
  exportReconciliationCsv(eventId: string, o?: RequestOptions): Promise<string>;
}

/**
 * Creates a client for the admin routes. It lives in its own module so a widget bundle
 * that only uses {@link createAdmitClient} leaves it out.
 *
 * @example
 * const admin = createAdmitAdminClient({ baseUrl: "https://tickets.example.com/admit", token });
 * const page = await admin.listOrders({ eventId: "spring-gala", status: "paid" });
 */
export function createAdmitAdminClient(options: AdmitAdminClientOptions): AdmitAdminClient {
  const resolved = resolveClientOptions(options);
  const send = createTransport(resolved);
  const { token } = options;
  const orders = (orderId: string) => path`/admin/orders/${orderId}`;
  return {
    putEvent: (eventId, body, o) =>
      send({
        method: "PUT",
        path: path`/admin/events/${eventId}`,
        token,
        json: body,
        answer: Event,
        options: o,
      }),
    getAdminEvent: (eventId, o) =>
      send({
        method: "GET",
        path: path`/admin/events/${eventId}`,
        token,
        answer: AdminEvent,
        options: o,
      }),
    rotateTicketKey: (eventId, body, o) =>
      send({
        method: "POST",
        path: path`/admin/events/${eventId}/ticket-keys`,
        token,
        json: body,
        answer: TicketKeys,
        createsSomething: true,
        options: o,
      }),
    listOrders: (query = {}, o) =>
      send({
        method: "GET",
        path: "/admin/orders",
        token,
        query: queryString(query),
        answer: OrderPage,
        options: o,
      }),
    getAdminOrder: (orderId, o) =>
      send({ method: "GET", path: orders(orderId), token, answer: AdminOrder, options: o }),
    getTimeline: (orderId, o) =>
      send({
        method: "GET",
        path: `${orders(orderId)}/timeline`,
        token,
        answer: Timeline,
        options: o,
      }),
    getCancellation: (orderId, o) =>
      send({
        method: "GET",
        path: `${orders(orderId)}/cancellation`,
        token,
        answer: CancellationInfo,
        options: o,
      }),
    cancelOrder: (orderId, body, o) =>
      send({
        method: "POST",
        path: `${orders(orderId)}/cancel`,
        token,
        json: body,
        answer: AdminOrder,
        createsSomething: true,
        options: o,
      }),
    refundOrder: (orderId, body, o) =>
      send({
        method: "POST",
        path: `${orders(orderId)}/refunds`,
        token,
        json: body,
        answer: AdminOrder,
        createsSomething: true,
        options: o,
      }),
    resolveOrder: (orderId, body, o) =>
      send({
        method: "POST",
        path: `${orders(orderId)}/resolve`,
        token,
        json: body,
        answer: AdminOrder,
        createsSomething: true,
        options: o,
      }),
    changeAttendee: (ticketId, body, o) =>
      send({
        method: "PATCH",
        path: path`/admin/tickets/${ticketId}/attendee`,
        token,
        json: body,
        answer: AdminTicket,
        createsSomething: true,
        options: o,
      }),
    checkIn: (body, o) =>
      send({
        method: "POST",
        path: "/admin/check-ins",
        token,
        json: body,
        answer: Ticket,
        createsSomething: true,
        options: o,
      }),
    createPaymentLink: (body, o) =>
      send({
        method: "POST",
        path: "/admin/payment-links",
        token,
        json: body,
        answer: PaymentLink,
        createsSomething: true,
        options: o,
      }),
    cancelPaymentLink: (linkId, o) =>
      send({ method: "DELETE", path: path`/admin/payment-links/${linkId}`, token, options: o }),
    getPaymentLink: (linkId, o) =>
      send({
        method: "GET",
        path: path`/admin/payment-links/${linkId}`,
        token,
        answer: PaymentLink,
        options: o,
      }),
    resendPaymentLink: (linkId, body = {}, o) =>
      send({
        method: "POST",
        path: path`/admin/payment-links/${linkId}/resend`,
        token,
        json: body,
        answer: PaymentLink,
        createsSomething: true,
        options: o,
      }),
    getReconciliation: (eventId, o) =>
      send({
        method: "GET",
        path: path`/admin/events/${eventId}/reconciliation`,
        token,
        answer: Reconciliation,
        options: o,
      }),
    listWaitlist: (query = {}, o) =>
      send({
        method: "GET",
        path: "/admin/waitlist",
        token,
        query: queryString(query),
        answer: WaitlistPage,
        options: o,
      }),
    listPromoCodes: (eventId, o) =>
      send({
        method: "GET",
        path: path`/admin/events/${eventId}/promo-codes`,
        token,
        answer: PromoCodeList,
        options: o,
      }),
    createPromoCode: (eventId, body, o) =>
      send({
        method: "POST",
        path: path`/admin/events/${eventId}/promo-codes`,
        token,
        json: body,
        answer: PromoCode,
        createsSomething: true,
        options: o,
      }),
    updatePromoCode: (eventId, code, body, o) =>
      send({
        method: "PUT",
        path: path`/admin/events/${eventId}/promo-codes/${code}`,
        token,
        json: body,
        answer: PromoCode,
        options: o,
      }),
    disablePromoCode: (eventId, code, o) =>
      send({
        method: "POST",
        path: path`/admin/events/${eventId}/promo-codes/${code}/disable`,
        token,
        answer: PromoCode,
        createsSomething: true,
        options: o,
      }),
    listPromoCodeUses: (eventId, code, o) =>
      send({
        method: "GET",
        path: path`/admin/events/${eventId}/promo-codes/${code}/uses`,
        token,
        answer: PromoCodeUses,
        options: o,
      }),
    exportOrdersCsv: (query = {}, o) =>
      fetchCsv(resolved, "/admin/orders", queryString(query), token, o),
    exportReconciliationCsv: (eventId, o) =>
      fetchCsv(resolved, path`/admin/events/${eventId}/reconciliation`, {}, token, o),
  };
}

/** `limit` is typed `unknown` by the schema's coercion, so every value is sent as text. */
function queryString(
  query: OrderListQuery | WaitlistListQuery,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [
      key,
      value === undefined ? undefined : String(value),
    ]),
  );
}
