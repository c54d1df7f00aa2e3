import type { AdmitAdminClient } from "../admit-admin-client.js";
import type { AdmitClient } from "../admit-client.js";
import type { RequestOptions } from "../http/transport.js";
import * as answers from "./sample-answers.js";

const { TOKEN } = answers;

/** One client method as the server sees it, for table-driven tests. */
export interface RouteCase {
  readonly name: string;
  readonly client: "public" | "admin";
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The msw path below the base URL. */
  readonly path: string;
  readonly status: 200 | 201 | 204;
  readonly answer?: object;
  /** What the request body must be. */
  readonly sent?: unknown;
  /** Expected query parameters. */
  readonly query?: Record<string, string>;
  /** Sends an Idempotency-Key and may be retried although it is not a GET/PUT/DELETE. */
  readonly creates: boolean;
  /** A field of the answer to break, and the path the ContractError must name. */
  readonly broken?: { readonly path: string; readonly answer: object };
  readonly call: (clients: Clients, o?: RequestOptions) => Promise<unknown>;
}

export interface Clients {
  readonly client: AdmitClient;
  readonly admin: AdmitAdminClient;
}

/** A deep copy of `value` with the field at dotted `path` set to `to`. */
export function withField(value: object, path: string, to: unknown): object {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split(".");
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = to;
  return copy;
}

const holdRequest = { eventId: "spring-gala", items: [{ tierId: "adult", quantity: 2 }] };
const checkoutRequest = {
  buyer: { name: "Ada Lovelace", email: "ada@example.com" },
  returnUrl: "https://shop.test/thanks",
};
const waitlistRequest = {
  eventId: "spring-gala",
  tierId: "adult",
  email: "ada@example.com",
  quantity: 2,
};
const eventInput = {
  name: "Spring Gala",
  startsAt: "2027-04-01T18:00:00Z",
  currency: "EUR",
  tiers: [{ id: "adult", name: "Adult", price: { amount: 4500, currency: "EUR" }, capacity: 200 }],
};
const money = { amount: 4500, currency: "EUR" };

export const ROUTE_CASES: readonly RouteCase[] = [
  {
    name: "getEvent",
    client: "public",
    method: "GET",
    path: "/events/spring-gala",
    status: 200,
    answer: answers.event,
    creates: false,
    broken: {
      path: "tiers.0.price.amount",
      answer: withField(answers.event, "tiers.0.price.amount", 45.5),
    },
    call: ({ client }, o) => client.getEvent("spring-gala", o),
  },
  {
    name: "createHold",
    client: "public",
    method: "POST",
    path: "/holds",
    status: 201,
    answer: answers.hold,
    sent: holdRequest,
    creates: true,
    broken: { path: "expiresAt", answer: withField(answers.hold, "expiresAt", "in 10 minutes") },
    call: ({ client }, o) => client.createHold(holdRequest, o),
  },
  {
    name: "getHold",
    client: "public",
    method: "GET",
    path: "/holds/hold_abcdefgh1234",
    status: 200,
    answer: answers.hold,
    creates: false,
    broken: { path: "status", answer: withField(answers.hold, "status", "pending") },
    call: ({ client }, o) => client.getHold("hold_abcdefgh1234", TOKEN, o),
  },
  {
    name: "releaseHold",
    client: "public",
    method: "DELETE",
    path: "/holds/hold_abcdefgh1234",
    status: 204,
    creates: false,
    call: ({ client }, o) => client.releaseHold("hold_abcdefgh1234", TOKEN, o),
  },
  {
    name: "checkout",
    client: "public",
    method: "POST",
    path: "/holds/hold_abcdefgh1234/checkout",
    status: 201,
    answer: answers.checkout,
    sent: checkoutRequest,
    creates: true,
    broken: {
      path: "order.total.currency",
      answer: withField(answers.checkout, "order.total.currency", "EURO"),
    },
    call: ({ client }, o) => client.checkout("hold_abcdefgh1234", TOKEN, checkoutRequest, o),
  },
  {
    name: "getOrder",
    client: "public",
    method: "GET",
    path: "/orders/ord_abcdefgh1234",
    status: 200,
    answer: answers.orderStatus,
    creates: false,
    broken: { path: "nextPollMs", answer: withField(answers.orderStatus, "nextPollMs", "2s") },
    call: ({ client }, o) => client.getOrder("ord_abcdefgh1234", TOKEN, o),
  },
  {
    name: "retryPayment",
    client: "public",
    method: "POST",
    path: "/orders/ord_abcdefgh1234/payments",
    status: 201,
    answer: answers.checkout,
    sent: { returnUrl: "https://shop.test/again" },
    creates: true,
    broken: {
      path: "paymentUrl",
      answer: withField(answers.checkout, "paymentUrl", "javascript:x"),
    },
    call: ({ client }, o) =>
      client.retryPayment("ord_abcdefgh1234", TOKEN, { returnUrl: "https://shop.test/again" }, o),
  },
  {
    name: "joinWaitlist",
    client: "public",
    method: "POST",
    path: "/waitlist",
    status: 201,
    answer: answers.waitlistEntry,
    sent: waitlistRequest,
    creates: true,
    broken: { path: "position", answer: withField(answers.waitlistEntry, "position", 0) },
    call: ({ client }, o) => client.joinWaitlist(waitlistRequest, o),
  },
  {
    name: "putEvent",
    client: "admin",
    method: "PUT",
    path: "/admin/events/spring-gala",
    status: 200,
    answer: answers.event,
    sent: eventInput,
    creates: false,
    broken: {
      path: "tiers.0.remaining",
      answer: withField(answers.event, "tiers.0.remaining", -1),
    },
    call: ({ admin }, o) => admin.putEvent("spring-gala", eventInput, o),
  },
  {
    name: "listOrders",
    client: "admin",
    method: "GET",
    path: "/admin/orders",
    status: 200,
    answer: answers.orderPage,
    query: { eventId: "spring-gala", status: "paid", limit: "50", cursor: "c_1" },
    creates: false,
    broken: {
      path: "items.0.buyer.email",
      answer: withField(answers.orderPage, "items.0.buyer.email", "not-an-email"),
    },
    call: ({ admin }, o) =>
      admin.listOrders({ eventId: "spring-gala", status: "paid", limit: 50, cursor: "c_1" }, o),
  },
  {
    name: "getAdminOrder",
    client: "admin",
    method: "GET",
    path: "/admin/orders/ord_abcdefgh1234",
    status: 200,
    answer: answers.adminOrder,
    creates: false,
    broken: {
      path: "payments.0.amount.amount",
      answer: withField(answers.adminOrder, "payments.0.amount.amount", "9000"),
    },
    call: ({ admin }, o) => admin.getAdminOrder("ord_abcdefgh1234", o),
  },
  {
    name: "getTimeline",
    client: "admin",
    method: "GET",
    path: "/admin/orders/ord_abcdefgh1234/timeline",
    status: 200,
    answer: answers.timeline,
    creates: false,
    broken: { path: "items.0.at", answer: withField(answers.timeline, "items.0.at", 1234) },
    call: ({ admin }, o) => admin.getTimeline("ord_abcdefgh1234", o),
  },
  {
    name: "getCancellation",
    client: "admin",
    method: "GET",
    path: "/admin/orders/ord_abcdefgh1234/cancellation",
    status: 200,
    answer: answers.cancellation,
    creates: false,
    broken: {
      path: "tickets.0.refundable.amount",
      answer: withField(answers.cancellation, "tickets.0.refundable.amount", -5),
    },
    call: ({ admin }, o) => admin.getCancellation("ord_abcdefgh1234", o),
  },
  {
    name: "cancelOrder",
    client: "admin",
    method: "POST",
    path: "/admin/orders/ord_abcdefgh1234/cancel",
    status: 200,
    answer: answers.adminOrder,
    sent: { reason: "event moved", refund: true },
    creates: true,
    broken: { path: "status", answer: withField(answers.adminOrder, "status", "canceled") },
    call: ({ admin }, o) =>
      admin.cancelOrder("ord_abcdefgh1234", { reason: "event moved", refund: true }, o),
  },
  {
    name: "refundOrder",
    client: "admin",
    method: "POST",
    path: "/admin/orders/ord_abcdefgh1234/refunds",
    status: 201,
    answer: answers.adminOrder,
    sent: { amount: money, reason: "goodwill" },
    creates: true,
    broken: {
      path: "refunded.amount",
      answer: withField(answers.adminOrder, "refunded.amount", 45.5),
    },
    call: ({ admin }, o) =>
      admin.refundOrder("ord_abcdefgh1234", { amount: money, reason: "goodwill" }, o),
  },
  {
    name: "resolveOrder",
    client: "admin",
    method: "POST",
    path: "/admin/orders/ord_abcdefgh1234/resolve",
    status: 200,
    answer: answers.adminOrder,
    sent: { decision: "accept", reason: "paid late but paid" },
    creates: true,
    broken: { path: "tickets", answer: withField(answers.adminOrder, "tickets", null) },
    call: ({ admin }, o) =>
      admin.resolveOrder(
        "ord_abcdefgh1234",
        { decision: "accept", reason: "paid late but paid" },
        o,
      ),
  },
  {
    name: "changeAttendee",
    client: "admin",
    method: "PATCH",
    path: "/admin/tickets/tkt_abcdefgh1234/attendee",
    status: 200,
    answer: answers.adminOrder.tickets[0]!,
    sent: { name: "Grace Hopper", reason: "gifted" },
    creates: true,
    broken: {
      path: "answers",
      answer: withField(answers.adminOrder.tickets[0]!, "answers", "size m"),
    },
    call: ({ admin }, o) =>
      admin.changeAttendee("tkt_abcdefgh1234", { name: "Grace Hopper", reason: "gifted" }, o),
  },
  {
    name: "checkIn",
    client: "admin",
    method: "POST",
    path: "/admin/check-ins",
    status: 200,
    answer: { ...answers.ticket, checkedInAt: "2027-04-01T17:45:00Z" },
    sent: { code: "ADM-7Q2K9X" },
    creates: true,
    broken: { path: "checkedInAt", answer: withField(answers.ticket, "checkedInAt", "now") },
    call: ({ admin }, o) => admin.checkIn({ code: "ADM-7Q2K9X" }, o),
  },
  {
    name: "createPaymentLink",
    client: "admin",
    method: "POST",
    path: "/admin/payment-links",
    status: 201,
    answer: answers.paymentLink,
    sent: {
      eventId: "spring-gala",
      items: [{ tierId: "adult", quantity: 2 }],
      buyer: { name: "Ada Lovelace", email: "ada@example.com" },
      reference: "INV-42",
    },
    creates: true,
    broken: { path: "id", answer: withField(answers.paymentLink, "id", "ord_abcdefgh1234") },
    call: ({ admin }, o) =>
      admin.createPaymentLink(
        {
          eventId: "spring-gala",
          items: [{ tierId: "adult", quantity: 2 }],
          buyer: { name: "Ada Lovelace", email: "ada@example.com" },
          reference: "INV-42",
        },
        o,
      ),
  },
  {
    name: "cancelPaymentLink",
    client: "admin",
    method: "DELETE",
    path: "/admin/payment-links/lnk_abcdefgh1234",
    status: 204,
    creates: false,
    call: ({ admin }, o) => admin.cancelPaymentLink("lnk_abcdefgh1234", o),
  },
  {
    name: "getPaymentLink",
    client: "admin",
    method: "GET",
    path: "/admin/payment-links/lnk_abcdefgh1234",
    status: 200,
    answer: answers.paymentLink,
    creates: false,
    broken: { path: "status", answer: withField(answers.paymentLink, "status", "open") },
    call: ({ admin }, o) => admin.getPaymentLink("lnk_abcdefgh1234", o),
  },
  {
    name: "resendPaymentLink",
    client: "admin",
    method: "POST",
    path: "/admin/payment-links/lnk_abcdefgh1234/resend",
    status: 200,
    answer: { ...answers.paymentLink, lastSentAt: "2027-03-02T09:00:00Z" },
    sent: { to: "ada@example.com", channel: "email" },
    creates: true,
    broken: {
      path: "lastSentAt",
      answer: withField(answers.paymentLink, "lastSentAt", "yesterday"),
    },
    call: ({ admin }, o) =>
      admin.resendPaymentLink("lnk_abcdefgh1234", { to: "ada@example.com", channel: "email" }, o),
  },
  {
    name: "listWaitlist",
    client: "admin",
    method: "GET",
    path: "/admin/waitlist",
    status: 200,
    answer: answers.waitlistPage,
    query: { eventId: "spring-gala", status: "waiting", limit: "20", cursor: "c_1" },
    creates: false,
    broken: {
      path: "items.1.position",
      answer: withField(answers.waitlistPage, "items.1.position", 0),
    },
    call: ({ admin }, o) =>
      admin.listWaitlist(
        { eventId: "spring-gala", status: "waiting", limit: 20, cursor: "c_1" },
        o,
      ),
  },
  {
    name: "getReconciliation",
    client: "admin",
    method: "GET",
    path: "/admin/events/spring-gala/reconciliation",
    status: 200,
    answer: answers.reconciliation,
    creates: false,
    broken: {
      path: "mismatches.0.kind",
      answer: withField(answers.reconciliation, "mismatches", [{ kind: "oops", detail: "x" }]),
    },
    call: ({ admin }, o) => admin.getReconciliation("spring-gala", o),
  },
  {
    name: "checkPromoCode",
    client: "public",
    method: "GET",
    path: "/events/spring-gala/promo-codes/EARLY20",
    status: 200,
    answer: answers.promoCodeCheck,
    creates: false,
    broken: { path: "scope", answer: withField(answers.promoCodeCheck, "scope", "event") },
    call: ({ client }, o) => client.checkPromoCode("spring-gala", "EARLY20", o),
  },
  {
    name: "listPromoCodes",
    client: "admin",
    method: "GET",
    path: "/admin/events/spring-gala/promo-codes",
    status: 200,
    answer: answers.promoCodeList,
    creates: false,
    broken: {
      path: "items.0.uses",
      answer: withField(answers.promoCodeList, "items.0.uses", "three"),
    },
    call: ({ admin }, o) => admin.listPromoCodes("spring-gala", o),
  },
  {
    name: "createPromoCode",
    client: "admin",
    method: "POST",
    path: "/admin/events/spring-gala/promo-codes",
    status: 201,
    answer: answers.promoCode,
    sent: { code: "EARLY20", discount: { kind: "percent", basisPoints: 2000 } },
    creates: true,
    broken: { path: "scope", answer: withField(answers.promoCode, "scope", "event") },
    call: ({ admin }, o) =>
      admin.createPromoCode(
        "spring-gala",
        { code: "EARLY20", discount: { kind: "percent", basisPoints: 2000 } },
        o,
      ),
  },
  {
    name: "updatePromoCode",
    client: "admin",
    method: "PUT",
    path: "/admin/events/spring-gala/promo-codes/EARLY20",
    status: 200,
    answer: answers.promoCode,
    sent: { code: "EARLY20", maxUses: 100 },
    creates: false,
    call: ({ admin }, o) =>
      admin.updatePromoCode("spring-gala", "EARLY20", { code: "EARLY20", maxUses: 100 }, o),
  },
  {
    name: "disablePromoCode",
    client: "admin",
    method: "POST",
    path: "/admin/events/spring-gala/promo-codes/EARLY20/disable",
    status: 200,
    answer: { ...answers.promoCode, enabled: false },
    creates: true,
    call: ({ admin }, o) => admin.disablePromoCode("spring-gala", "EARLY20", o),
  },
  {
    name: "listPromoCodeUses",
    client: "admin",
    method: "GET",
    path: "/admin/events/spring-gala/promo-codes/EARLY20/uses",
    status: 200,
    answer: answers.promoCodeUses,
    creates: false,
    broken: {
      path: "items.0.holdId",
      answer: withField(answers.promoCodeUses, "items.0.holdId", "nope"),
    },
    call: ({ admin }, o) => admin.listPromoCodeUses("spring-gala", "EARLY20", o),
  },
];
