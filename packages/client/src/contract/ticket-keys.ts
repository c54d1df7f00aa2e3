import * as z from "zod/mini";
import { Event } from "./event.js";
import { Reason, Slug, TicketId, Timestamp } from "./primitives.js";

export const TICKET_KEY_STATUSES = ["active", "retired"] as const;
/**
 * `active`: signs the event's new tickets (one per event at a time). `retired`: replaced by a
 * rotation; it signs nothing new but still verifies the tickets it signed.
 */
export const TicketKeyStatus = z.enum(TICKET_KEY_STATUSES);
export type TicketKeyStatus = z.infer<typeof TicketKeyStatus>;

/**
 * One public key that signs an event's ticket codes (Ed25519). The private half never leaves
 * the server. `kid` is the key id a signed code names (8 lower-case hex digits).
 */
export const TicketKey = z.object({
  kid: /* @__PURE__ */ z.string().check(z.regex(/^[0-9a-f]{8}$/, "expected 8 hex digits")),
  eventId: Slug,
  algorithm: z.literal("Ed25519"),
  /** The raw 32-byte public key, base64url without padding. */
  publicKey: /* @__PURE__ */ z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, "expected 32 bytes")),
  /** The same key as a JSON Web Key (RFC 8037), for tools that import JWKs. */
  jwk: z.object({
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    x: z.string(),
    kid: z.string(),
    use: z.literal("sig"),
    alg: z.literal("EdDSA"),
  }),
  status: TicketKeyStatus,
  createdAt: Timestamp,
  /** When a rotation replaced it; null while active. */
  retiredAt: z.nullable(Timestamp),
});
export type TicketKey = z.infer<typeof TicketKey>;

/**
 * `GET /events/:eventId/ticket-keys`: every key that signed the event's tickets, active first,
 * then retired ones newest first. Empty when the event has no signing key yet.
 */
export const TicketKeys = z.object({ eventId: Slug, keys: z.array(TicketKey) });
export type TicketKeys = z.infer<typeof TicketKeys>;

/**
 * `GET /events/:eventId/revocations`: the tickets of the event that no longer admit (voided,
 * or of an order that is no longer paid), sorted by id. A scanner refuses these codes even
 * when their signature is good.
 */
export const Revocations = z.object({ eventId: Slug, ticketIds: z.array(TicketId) });
export type Revocations = z.infer<typeof Revocations>;

/** `POST /admin/events/:eventId/ticket-keys`: rotate the event's signing key. */
export const TicketKeyRotationRequest = z.object({ reason: Reason });
export type TicketKeyRotationRequest = z.infer<typeof TicketKeyRotationRequest>;

/** `GET /admin/events/:eventId`: the event as buyers see it, with its ticket signing keys. */
export const AdminEvent = /* @__PURE__ */ z.extend(Event, { ticketKeys: z.array(TicketKey) });
export type AdminEvent = z.infer<typeof AdminEvent>;
