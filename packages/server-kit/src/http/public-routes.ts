import {
  CheckoutRequest,
  HoldId,
  HoldRequest,
  OrderId,
  PaymentAttemptRequest,
  Slug,
  WaitlistRequest,
} from "@admit/client/contract";
import { AdmitError } from "../errors/admit-error.js";
import { getEventView } from "../services/events/event-view.js";
import { createHold, getHold, releaseHold } from "../services/holds/holds.js";
import { type HoldAnswers, holdInOneTrip } from "../services/holds/one-trip-hold.js";
import { getOrderStatus } from "../services/orders/order-lookup.js";
import { loadOrder } from "../services/orders/order-view.js";
import { checkout, newPaymentAttempt } from "../services/payments/checkout.js";
import { joinWaitlist } from "../services/waitlist/join-waitlist.js";
import { cacheableBody, cacheableJsonResponse } from "./cacheable-response.js";
import {
  idempotencyClaim,
  idempotentJsonRoute,
  idempotentRoute,
  keptAnswerResponse,
  readIdempotentJson,
} from "./idempotency.js";
import { jsonResponse, problemBody, problemResponse } from "./problem-response.js";
import { PROVIDER_WEBHOOK_ROUTE } from "./provider-webhook-route.js";
import type { Route, RouteContext } from "./route-table.js";

/** `returnUrl` must be on an allowed origin or the kit's own (no open redirects). */
function checkReturnUrl(rc: RouteContext, returnUrl: string): void {
  const origin = new URL(returnUrl).origin;
  const own = [rc.url.origin, new URL(rc.publicUrl).origin];
  if (!own.includes(origin) && !rc.kit.options.allowedOrigins.has(origin))
    throw new AdmitError("invalid_request", "returnUrl is not on an allowed origin", {
      errors: [{ path: "returnUrl", message: "use a URL on one of the host's allowed origins" }],
    });
}

/** The answers a hold in one round trip keeps: as `jsonResponse` and `problemResponse` render them. */
const HOLD_ANSWERS: HoldAnswers = (() => {
  // Rendered once: a Response per hold only to read its headers would cost more than the hold.
  const created = [...jsonResponse(null, 201).headers];
  return {
    created: (hold) => ({ headers: created, body: hold }),
    soldOut: (error) => ({
      headers: [...problemResponse(error).headers],
      body: problemBody(error),
    }),
  };
})();

/** The routes the widget uses, plus provider webhooks. */
export const PUBLIC_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/events/:eventId",
    access: "public",
    params: { eventId: Slug },
    // Served from the tier counters, and from this process's views of the last second (the
    // max-age=1 contract); cacheable for a second by CDNs and browsers (ETag, 304).
    handle: async (rc) =>
      cacheableJsonResponse(
        rc.request,
        await rc.eventViews.get(rc.params.eventId!, async () =>
          cacheableBody(
            await getEventView(
              rc.kit.store,
              rc.params.eventId!,
              !rc.kit.options.unsafeDisableWaitlistFirst,
            ),
          ),
        ),
      ),
  },
  {
    method: "POST",
    path: "/holds",
    access: "public",
    async handle(rc) {
      await rc.limiter.consume(rc.clientKey, "hold");
      const { body, input } = await readIdempotentJson(rc, HoldRequest);
      // The usual hold in one round trip; anything unusual (a promo code, a problem to explain)
      // in the general path's transaction.
      const claim = idempotencyClaim(rc, body);
      const kept = await holdInOneTrip(rc.kit, input, rc.clientKey, claim, HOLD_ANSWERS);
      if (kept.outcome !== "general") return keptAnswerResponse(kept, claim);
      return idempotentRoute(rc, body, async () =>
        jsonResponse(await createHold(rc.kit, input, rc.clientKey), 201),
      );
    },
  },
  {
    method: "GET",
    path: "/holds/:holdId",
    access: "public",
    params: { holdId: HoldId },
    handle: async (rc) => jsonResponse(await getHold(rc.kit, rc.params.holdId!, rc.bearer)),
  },
  {
    method: "DELETE",
    path: "/holds/:holdId",
    access: "public",
    params: { holdId: HoldId },
    freesSeats: true,
    async handle(rc) {
      await releaseHold(rc.kit, rc.params.holdId!, rc.bearer);
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/holds/:holdId/checkout",
    access: "public",
    params: { holdId: HoldId },
    async handle(rc) {
      // The return URL is checked before the key is claimed: a refused URL is not an answer to keep.
      const { body, input } = await readIdempotentJson(rc, CheckoutRequest);
      checkReturnUrl(rc, input.returnUrl);
      return idempotentRoute(rc, body, async () =>
        jsonResponse(
          await checkout(rc.kit, rc.params.holdId!, rc.bearer, input, rc.publicUrl),
          201,
        ),
      );
    },
  },
  {
    method: "GET",
    path: "/orders/:orderId",
    access: "public",
    params: { orderId: OrderId },
    // A poll that moved the order (a lookup, an expiry) may have freed seats and left notifications.
    handle: async (rc) =>
      jsonResponse(await getOrderStatus(rc.kit, rc.params.orderId!, rc.bearer, rc.changed)),
  },
  {
    method: "POST",
    path: "/orders/:orderId/payments",
    access: "public",
    params: { orderId: OrderId },
    async handle(rc) {
      const { body, input } = await readIdempotentJson(rc, PaymentAttemptRequest);
      if (input.returnUrl) checkReturnUrl(rc, input.returnUrl);
      return idempotentRoute(rc, body, async () =>
        jsonResponse(
          await newPaymentAttempt(
            rc.kit,
            rc.params.orderId!,
            rc.bearer,
            input.returnUrl,
            rc.publicUrl,
          ),
          201,
        ),
      );
    },
  },
  {
    method: "POST",
    path: "/waitlist",
    access: "public",
    handle: (rc) =>
      idempotentJsonRoute(rc, WaitlistRequest, async (input) =>
        jsonResponse(await joinWaitlist(rc.kit, input), 201),
      ),
  },
  {
    method: "GET",
    path: "/return/:orderId",
    access: "public",
    params: { orderId: OrderId },
    // Changes nothing on purpose: only a verified webhook or a server-side lookup decides paid.
    async handle(rc) {
      const order = await loadOrder(rc.kit.store, rc.params.orderId!);
      if (!order) throw new AdmitError("not_found", "No such order");
      const target = new URL(order.return_url);
      target.searchParams.set("admit_order", order.id);
      return new Response(null, {
        status: 303,
        headers: { location: target.href, "cache-control": "no-store" },
      });
    },
  },
  PROVIDER_WEBHOOK_ROUTE,
];
