import { PromoCodeInput, Slug } from "@admit/client/contract";
import {
  checkPromoCode,
  createPromoCode,
  disablePromoCode,
  listPromoCodes,
  listPromoCodeUses,
  updatePromoCode,
} from "../services/promo-codes/promo-codes.js";
import { jsonResponse } from "./problem-response.js";
import { parseJsonBody, readBody } from "./request-body.js";
import type { Route, RouteContext } from "./route-table.js";

const params = { eventId: Slug, code: Slug };

async function body(rc: RouteContext) {
  return parseJsonBody(
    rc.request,
    await readBody(rc.request, rc.kit.options.maxBodyBytes),
    PromoCodeInput,
  );
}

/**
 * Promo codes: the buyer's check of a code (public, counted against the client's hold rate
 * limit, so codes cannot be guessed faster than seats can be held), and the back office's
 * create, list, update, disable and uses. A code is applied, and its use counted, by `POST /holds`.
 */
export const PROMO_CODE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/events/:eventId/promo-codes/:code",
    access: "public",
    params,
    async handle(rc) {
      await rc.limiter.consume(rc.clientKey, "hold");
      return jsonResponse(
        await checkPromoCode(
          rc.kit.store,
          rc.params.eventId!,
          rc.params.code!,
          !rc.kit.options.unsafeDisableWaitlistFirst,
        ),
      );
    },
  },
  {
    method: "GET",
    path: "/admin/events/:eventId/promo-codes",
    access: "admin",
    params: { eventId: Slug },
    handle: async (rc) => jsonResponse(await listPromoCodes(rc.kit.store, rc.params.eventId!)),
  },
  {
    method: "POST",
    path: "/admin/events/:eventId/promo-codes",
    access: "admin",
    params: { eventId: Slug },
    async handle(rc) {
      const input = await body(rc);
      const code = await rc.kit.store.transaction((tx) =>
        createPromoCode(tx, rc.params.eventId!, input, rc.actor!),
      );
      return jsonResponse(code, 201);
    },
  },
  {
    method: "PUT",
    path: "/admin/events/:eventId/promo-codes/:code",
    access: "admin",
    params,
    async handle(rc) {
      const input = await body(rc);
      return jsonResponse(
        await rc.kit.store.transaction((tx) =>
          updatePromoCode(tx, rc.params.eventId!, rc.params.code!, input, rc.actor!),
        ),
      );
    },
  },
  {
    method: "POST",
    path: "/admin/events/:eventId/promo-codes/:code/disable",
    access: "admin",
    params,
    handle: async (rc) =>
      jsonResponse(
        await rc.kit.store.transaction((tx) =>
          disablePromoCode(tx, rc.params.eventId!, rc.params.code!, rc.actor!),
        ),
      ),
  },
  {
    method: "GET",
    path: "/admin/events/:eventId/promo-codes/:code/uses",
    access: "admin",
    params,
    handle: async (rc) =>
      jsonResponse(await listPromoCodeUses(rc.kit.store, rc.params.eventId!, rc.params.code!)),
  },
];
