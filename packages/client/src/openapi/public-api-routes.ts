import { Checkout, CheckoutRequest, PaymentAttemptRequest } from "../contract/checkout.js";
import { Event } from "../contract/event.js";
import { Hold, HoldRequest } from "../contract/hold.js";
import { WebhookReceipt } from "../contract/operations.js";
import { OrderStatus } from "../contract/order.js";
import { HoldId, OrderId, Slug } from "../contract/primitives.js";
import { PromoCodeCheck } from "../contract/promo.js";
import { WaitlistEntry, WaitlistRequest } from "../contract/waitlist.js";
import { type ApiRoute, jsonAnswer as json } from "./api-route.js";

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
