import { Checkout, CheckoutRequest, PaymentAttemptRequest } from "../contract/checkout.js";
import { DownloadQuery } from "../contract/downloads.js";
import { Event } from "../contract/event.js";
import { Hold, HoldRequest } from "../contract/hold.js";
import { WebhookReceipt } from "../contract/operations.js";
import { OrderStatus } from "../contract/order.js";
import { HoldId, OrderId, Slug } from "../contract/primitives.js";
import { PromoCodeCheck } from "../contract/promo.js";
import { OrderReceipt } from "../contract/receipt.js";
import { WaitlistEntry, WaitlistRequest } from "../contract/waitlist.js";
import { type ApiAnswer, type ApiRoute, jsonAnswer as json } from "./api-route.js";

const DOWNLOAD_HEADERS = {
  "Cache-Control": "`private, no-store`",
  "Referrer-Policy": "`no-referrer`",
  "Content-Disposition": "`attachment` with a file name",
};

/** A buyer's download of a paid order (`paid` or `partially_refunded`). */
function download(
  path: string,
  operationId: string,
  summary: string,
  answer: ApiAnswer,
  description: string,
): ApiRoute {
  return {
    method: "GET",
    path,
    operationId,
    summary,
    description: `${description}\n\nThe order token as \`Authorization: Bearer\` or \`?token=\`; a wrong token answers 404 like an unknown order. An order that is not \`paid\` or \`partially_refunded\` answers 409 \`order_not_paid\`.`,
    access: "public",
    token: "order",
    params: { orderId: OrderId },
    query: DownloadQuery,
    answers: { 200: { ...answer, headers: DOWNLOAD_HEADERS } },
    problems: ["order_not_paid"],
  };
}

/** The routes the widget and `createAdmitClient` use, plus provider webhooks. */
export const PUBLIC_API_ROUTES: readonly ApiRoute[] = [
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
    problems: [
      "not_found",
      "not_on_sale",
      "sold_out",
      "limit_exceeded",
      "promo_code_unknown",
      "promo_code_expired",
      "promo_code_used_up",
      "promo_code_not_applicable",
    ],
  },
  {
    method: "GET",
    path: "/events/:eventId/promo-codes/:code",
    operationId: "checkPromoCode",
    summary: "What a promo code does, and the hidden tiers it unlocks",
    description:
      "Checked as a hold would check it (unknown or disabled, outside its validity window, used up); nothing is reserved. Counted against the client's hold rate limit, so codes cannot be guessed faster than seats can be held.",
    access: "public",
    params: { eventId: Slug, code: Slug },
    answers: { 200: json("The code's discount and unlocked tiers", PromoCodeCheck) },
    problems: ["promo_code_unknown", "promo_code_expired", "promo_code_used_up"],
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
    problems: ["hold_not_active", "provider_unavailable"],
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
    method: "GET",
    path: "/orders/:orderId/receipt",
    operationId: "getReceipt",
    summary: "Everything the buyer's receipt shows (order token required)",
    description:
      "The event, the order number, what was bought, the total and refunds, the tickets (paid orders; voided ones listed with status `voided`), where the confirmation went and the download links (`null` unless paid). A wrong token answers 404 like an unknown order.",
    access: "public",
    token: "order",
    params: { orderId: OrderId },
    answers: { 200: json("The receipt", OrderReceipt) },
    problems: [],
  },
  download(
    "/orders/:orderId/tickets.pdf",
    "downloadTicketsPdf",
    "The order's tickets as a PDF, one page per valid ticket with its QR code",
    { description: "The tickets (`application/pdf`)", file: "application/pdf" },
    "One A6 page per valid ticket: the QR code of its code, the code in groups, the event, its date and time in the event's time zone, the venue, the tier, the attendee and the order number. Voided tickets are left out. `?locale=de` writes the labels and the date in German.",
  ),
  download(
    "/orders/:orderId/calendar.ics",
    "downloadCalendar",
    "The event as an iCalendar file (RFC 5545)",
    { description: "One `VEVENT` (`text/calendar`)", file: "text/calendar" },
    "One event with its start and end in the event's time zone (`DTSTART;TZID=…`), the venue as `LOCATION` and the order number in the description.",
  ),
  download(
    "/orders/:orderId/wallet.pkpass",
    "downloadWalletPass",
    "The order's valid tickets as Apple Wallet passes (when the host configured them)",
    {
      description:
        "One signed pass per valid ticket: a `.pkpass` for one ticket, a `.pkpasses` bundle for several",
      file: ["application/vnd.apple.pkpass", "application/vnd.apple.pkpasses"],
    },
    "Only when the host configured `appleWallet` with its pass certificates; otherwise 404. An order with several valid tickets answers a bundle of passes (`application/vnd.apple.pkpasses`).",
  ),
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
    problems: ["order_not_payable", "provider_unavailable"],
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
      "A payment provider's notification, in the provider's own format: a signed provider's is verified over the exact raw body and its signature headers; a lookup provider's (Mollie's form-encoded `id=tr_…`) is read for the payment id only, which must be one the kit created, and the payment is looked up",
    access: "webhook",
    params: { provider: Slug },
    body: "raw",
    answers: {
      200: json(
        "Verified and applied (at most once per provider event or looked-up state); also the answer for a payment id the kit did not create, which changes nothing",
        WebhookReceipt,
      ),
    },
    problems: ["invalid_signature", "provider_unavailable"],
  },
];
