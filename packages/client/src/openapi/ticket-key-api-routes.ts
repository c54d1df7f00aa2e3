import { Slug } from "../contract/primitives.js";
import {
  AdminEvent,
  Revocations,
  TicketKeyRotationRequest,
  TicketKeys,
} from "../contract/ticket-keys.js";
import { type ApiRoute, jsonAnswer as json } from "./api-route.js";

const CACHEABLE = {
  ETag: "Strong tag of the body; send it back as `If-None-Match` to get 304 when nothing changed",
  "Cache-Control": "`public, max-age=1`",
};

/**
 * Signed ticket codes (server option `signedTicketCodes`): what a door scanner downloads to
 * verify codes offline (`createAdmitScannerClient` of `@admit/client/ticket-codes`), the admin
 * event with its keys, and key rotation (`createAdmitAdminClient`).
 */
export const TICKET_KEY_API_ROUTES: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/events/:eventId/ticket-keys",
    operationId: "getTicketKeys",
    summary: "The event's public keys for verifying signed ticket codes offline",
    description:
      "Ed25519 public keys as raw base64url and as JWK (RFC 8037), each with the key id (`kid`) a signed code names: the active key first, then retired ones, which still verify the tickets they signed. Empty while the event has no key (signed codes off, or no ticket issued and no event change since they were turned on). Public: public keys are not secret, and a door device needs no admin credentials.",
    access: "public",
    params: { eventId: Slug },
    answers: { 200: { ...json("The keys", TicketKeys), headers: CACHEABLE } },
    problems: [],
  },
  {
    method: "GET",
    path: "/events/:eventId/revocations",
    operationId: "getRevocations",
    summary: "Ids of the event's tickets that no longer admit, for offline scanners",
    description:
      "Every ticket of the event that is voided or whose order is no longer paid (cancelled, refunded), sorted by id, signed or not. Public like the keys: it holds ticket ids only (random, no names), and a door device syncs it without admin credentials. A scanner refuses a listed code even when its signature verifies; a ticket voided after the scanner's last sync still verifies until the next one.",
    access: "public",
    params: { eventId: Slug },
    answers: { 200: { ...json("The revoked ticket ids", Revocations), headers: CACHEABLE } },
    problems: [],
  },
  {
    method: "GET",
    path: "/admin/events/:eventId",
    operationId: "getAdminEvent",
    summary: "The event as buyers see it, with its ticket signing keys",
    access: "admin",
    params: { eventId: Slug },
    answers: { 200: json("The event and its public keys", AdminEvent) },
    problems: [],
  },
  {
    method: "POST",
    path: "/admin/events/:eventId/ticket-keys",
    operationId: "rotateTicketKey",
    summary: "Rotate the event's ticket signing key",
    description:
      "Retires the active key (still published and still verifying the tickets it signed) and makes a new one that signs every ticket issued from now on; on the timeline with the reason. Scanners must sync the keys again to verify the new tickets. 422 `invalid_request` when the kit runs without `signedTicketCodes`.",
    access: "admin",
    params: { eventId: Slug },
    body: TicketKeyRotationRequest,
    idempotent: true,
    answers: { 201: json("Every key of the event, the new active one first", TicketKeys) },
    problems: [],
  },
];
