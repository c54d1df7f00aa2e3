import { Slug, TicketKeyRotationRequest } from "@admit/client/contract";
import { AdmitError } from "../errors/admit-error.js";
import { getEventView } from "../services/events/event-view.js";
import { listTicketKeys, requireEvent, rotateTicketKey } from "../services/events/ticket-keys.js";
import { listRevokedTickets } from "../services/tickets/signed-codes.js";
import type { Queryable } from "../store/store.js";
import { cacheableBody, cacheableJsonResponse } from "./cacheable-response.js";
import { idempotentJsonRoute } from "./idempotency.js";
import { jsonResponse } from "./problem-response.js";
import type { Route } from "./route-table.js";

/**
 * A public download for door scanners: `{ eventId, ...what read answers }` as a cacheable
 * body, so a scanner polling for changes gets `304 Not Modified` while nothing changed.
 */
function scannerDownload(
  path: string,
  read: (q: Queryable, eventId: string) => Promise<Record<string, unknown>>,
): Route {
  return {
    method: "GET",
    path,
    access: "public",
    params: { eventId: Slug },
    async handle(rc) {
      const eventId = rc.params.eventId!;
      const body = { eventId, ...(await read(rc.kit.store, eventId)) };
      return cacheableJsonResponse(rc.request, cacheableBody(body));
    },
  };
}

/**
 * Signed ticket codes: what a door scanner downloads to verify codes offline (public, cacheable
 * with `ETag`: no admin secret needs to live on a door device, and neither answer names a
 * person), the admin event with its keys, and key rotation.
 */
export const TICKET_KEY_ROUTES: readonly Route[] = [
  scannerDownload("/events/:eventId/ticket-keys", async (q, eventId) => {
    await requireEvent(q, eventId);
    return { keys: await listTicketKeys(q, eventId) };
  }),
  scannerDownload("/events/:eventId/revocations", async (q, eventId) => ({
    ticketIds: await listRevokedTickets(q, eventId),
  })),
  {
    method: "GET",
    path: "/admin/events/:eventId",
    access: "admin",
    params: { eventId: Slug },
    async handle(rc) {
      const eventId = rc.params.eventId!;
      const waitlistFirst = !rc.kit.options.unsafeDisableWaitlistFirst;
      const event = await getEventView(rc.kit.store, eventId, waitlistFirst);
      return jsonResponse({ ...event, ticketKeys: await listTicketKeys(rc.kit.store, eventId) });
    },
  },
  {
    method: "POST",
    path: "/admin/events/:eventId/ticket-keys",
    access: "admin",
    params: { eventId: Slug },
    handle: (rc) =>
      idempotentJsonRoute(rc, TicketKeyRotationRequest, async (input) => {
        const signing = rc.kit.options.signedTicketCodes;
        if (!signing)
          throw new AdmitError(
            "invalid_request",
            "Signed ticket codes are off: give the kit the `signedTicketCodes` option to make keys",
          );
        const keys = await rc.kit.store.transaction((tx) =>
          rotateTicketKey(tx, signing, rc.params.eventId!, input.reason, rc.actor!),
        );
        return jsonResponse({ eventId: rc.params.eventId!, keys }, 201);
      }),
  },
];
