import { type AdmitClientOptions, resolveClientOptions } from "./client-options.js";
import { Checkout, type CheckoutRequest, type PaymentAttemptRequest } from "./contract/checkout.js";
import { Event } from "./contract/event.js";
import { Hold, type HoldRequest } from "./contract/hold.js";
import { OrderStatus } from "./contract/order.js";
import type { PromoCodeCheck } from "./contract/promo.js";
import type { OrderReceipt } from "./contract/receipt.js";
import { WaitlistEntry, type WaitlistRequest } from "./contract/waitlist.js";
import { path } from "./http/path.js";
import { createTransport, type RequestOptions } from "./http/transport.js";
import type { PollOptions } from "./poll/poll-order.js";

export type { AdmitClientOptions, RetryOptions } from "./client-options.js";
export type { RequestOptions } from "./http/transport.js";
export type { PollOptions } from "./poll/poll-order.js";

/**
 * The public routes of an Admit server, typed by the contract. Every answer is validated;
 * failures reject with an `AdmitClientError` subclass (or the caller's abort reason).
 */
export interface AdmitClient {
  /** `GET /events/:eventId`: the event with tiers and live availability. */
  getEvent(eventId: string, o?: RequestOptions): Promise<Event>;
  /** `POST /holds`: holds seats; the answer's `token` authorizes the hold's other calls. */
  createHold(body: HoldRequest, o?: RequestOptions): Promise<Hold>;
  /** `GET /holds/:holdId`. */
  getHold(holdId: string, token: string, o?: RequestOptions): Promise<Hold>;
  /** `DELETE /holds/:holdId`: gives the seats back. */
  releaseHold(holdId: string, token: string, o?: RequestOptions): Promise<void>;
  /** `POST /holds/:holdId/checkout`: creates the order and its payment request. */
  checkout(
    holdId: string,
    token: string,
    body: CheckoutRequest,
    o?: RequestOptions,
  ): Promise<Checkout>;
  /** `GET /orders/:orderId` with the order token. */
  getOrder(orderId: string, token: string, o?: RequestOptions): Promise<OrderStatus>;
  /**
   * `GET /orders/:orderId/receipt` with the order token: what the buyer's receipt shows (the
   * event, what was bought, the tickets, the download links; for a failed order whether its
   * seats are still held). Same 404 rule as `getOrder`.
   */
  getReceipt(orderId: string, token: string, o?: RequestOptions): Promise<OrderReceipt>;
  /** `POST /orders/:orderId/payments`: a new payment attempt after `failed`. */
  retryPayment(
    orderId: string,
    token: string,
    body?: PaymentAttemptRequest,
    o?: RequestOptions,
  ): Promise<Checkout>;
  /** `POST /waitlist`. */
  joinWaitlist(body: WaitlistRequest, o?: RequestOptions): Promise<WaitlistEntry>;
  /**
   * `GET /events/:eventId/promo-codes/:code`: what a code does (discount, tiers it unlocks);
   * rejects with `promo_code_unknown`, `promo_code_expired` or `promo_code_used_up`. The hold
   * applies it (`createHold({ promoCode })`).
   */
  checkPromoCode(eventId: string, code: string, o?: RequestOptions): Promise<PromoCodeCheck>;
  /**
   * Polls `GET /orders/:orderId` and yields each change a buyer can see (`status`, the
   * number of tickets, the amount refunded); the first answer is always yielded.
   *
   * - Waits the server's `nextPollMs`, kept within `[minIntervalMs, maxIntervalMs]`.
   * - On a lost network, a timeout, 408, 429 or 5xx it backs off exponentially (with
   *   jitter, at most `maxIntervalMs`, at least the server's `Retry-After`) and keeps going.
   * - Pauses while `document.visibilityState` is `"hidden"`; polls at once on return.
   * - Ends after yielding a final status (`isFinalOrderStatus`), or quietly on abort.
   * - Throws other errors, such as `AdmitApiError` `not_found` for a wrong token.
   *
   * @example
   * for await (const order of client.pollOrder(id, orderToken, { signal })) {
   *   render(order.status);
   * }
   */
  pollOrder(orderId: string, token: string, o?: PollOptions): AsyncIterableIterator<OrderStatus>;
}

/**
 * Creates a client for the public routes a ticket widget needs.
 *
 * @example
 * const client = createAdmitClient({ baseUrl: "https://tickets.example.com/admit" });
 * const event = await client.getEvent("spring-gala");
 * const hold = await client.createHold({ eventId: event.id, items: [{ tierId: "adult", quantity: 2 }] });
 */
export function createAdmitClient(options: AdmitClientOptions): AdmitClient {
  const send = createTransport(resolveClientOptions(options));
  const getOrder = (orderId: string, token: string, o?: RequestOptions & { retry?: boolean }) =>
    send({ method: "GET", path: path`/orders/${orderId}`, token, answer: OrderStatus, options: o });
  return {
    getEvent: (eventId, o) =>
      send({ method: "GET", path: path`/events/${eventId}`, answer: Event, options: o }),
    createHold: (body, o) =>
      send({
        method: "POST",
        path: "/holds",
        json: body,
        answer: Hold,
        createsSomething: true,
        options: o,
      }),
    getHold: (holdId, token, o) =>
      send({ method: "GET", path: path`/holds/${holdId}`, token, answer: Hold, options: o }),
    releaseHold: (holdId, token, o) =>
      send({ method: "DELETE", path: path`/holds/${holdId}`, token, options: o }),
    checkout: (holdId, token, body, o) =>
      send({
        method: "POST",
        path: path`/holds/${holdId}/checkout`,
        token,
        json: body,
        answer: Checkout,
        createsSomething: true,
        options: o,
      }),
    getOrder,
    // The receipt's schema is loaded with its first call: a page that only shows tiers (the
    // widget's first script) does not carry it.
    getReceipt: async (orderId, token, o) =>
      send({
        method: "GET",
        path: path`/orders/${orderId}/receipt`,
        token,
        answer: (await import("./contract/receipt.js")).OrderReceipt,
        options: o,
      }),
    retryPayment: (orderId, token, body, o) =>
      send({
        method: "POST",
        path: path`/orders/${orderId}/payments`,
        token,
        json: body ?? {},
        answer: Checkout,
        createsSomething: true,
        options: o,
      }),
    joinWaitlist: (body, o) =>
      send({
        method: "POST",
        path: "/waitlist",
        json: body,
        answer: WaitlistEntry,
        createsSomething: true,
        options: o,
      }),
    // Loaded when first used, like pollOrder: the widget's first script does not carry it.
    checkPromoCode: async (eventId, code, o) =>
      (await import("./promo/check-promo-code.js")).checkPromoCode(send, eventId, code, o),
    // Loaded when first polled: a page that only shows tiers (the widget's first script) does
    // not carry it.
    pollOrder: async function* (orderId, token, o) {
      const { pollOrder } = await import("./poll/poll-order.js");
      yield* pollOrder(
        { fetchStatus: (signal) => getOrder(orderId, token, { signal, retry: false }) },
        o,
      );
    },
  };
}
