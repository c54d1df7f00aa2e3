import type { Revocations, TicketKey, TicketKeys } from "../contract/ticket-keys.js";
import { decodeTicketCode, signedMessage, type TicketCodeFields } from "./ticket-code-layout.js";

/** A signed code whose signature verified with one of the given keys. */
export interface VerifiedTicket extends TicketCodeFields {
  /** The event of the key that verified it. */
  eventId: string;
}

/**
 * Why a code does not admit: `malformed` (not a signed code, or damaged), `unknown_key` (no
 * given key has its key id: another event, or keys not synced since a rotation),
 * `bad_signature` (forged or altered), `revoked` (on the revocation list), `not_yet_valid` or
 * `expired` (outside its validity window, by the device's clock).
 */
export type TicketCodeRefusal =
  | "malformed"
  | "unknown_key"
  | "bad_signature"
  | "revoked"
  | "not_yet_valid"
  | "expired";

/** The answer of {@link verifyTicketCode}. `ticket` is set once the signature verified. */
export type TicketCodeVerdict =
  | { valid: true; ticket: VerifiedTicket }
  | { valid: false; reason: TicketCodeRefusal; ticket?: VerifiedTicket };

/** Options of {@link verifyTicketCode}. */
export interface VerifyTicketCodeOptions {
  /**
   * The event's revocation list (`GET /events/:eventId/revocations`) or its ticket ids (kept
   * as a set per list object, so pass the same object for every scan).
   * @default none: a voided ticket still verifies
   */
  revoked?: Revocations | Iterable<string>;
  /**
   * The time to check the validity window against.
   * @default new Date()
   */
  now?: Date;
  /**
   * How far the device's clock may be off, in ms, either way.
   * @default 300_000 (5 minutes)
   */
  clockToleranceMs?: number;
}

const publicKeys = new WeakMap<TicketKey, Promise<CryptoKey>>();

const revokedSets = new WeakMap<object, ReadonlySet<string>>();

/** The revoked ids as a set, made once per list a scanner keeps (not once per scan). */
function revokedIds(revoked: Revocations | Iterable<string>): ReadonlySet<string> {
  if (revoked instanceof Set) return revoked;
  let ids = revokedSets.get(revoked);
  if (!ids) {
    ids = new Set("ticketIds" in revoked ? revoked.ticketIds : revoked);
    revokedSets.set(revoked, ids);
  }
  return ids;
}

function base64urlBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function importKey(key: TicketKey): Promise<CryptoKey> {
  let imported = publicKeys.get(key);
  if (!imported) {
    imported = crypto.subtle.importKey(
      "raw",
      base64urlBytes(key.publicKey),
      { name: "Ed25519" },
      false,
      ["verify"],
    );
    publicKeys.set(key, imported);
  }
  return imported;
}

/**
 * Verifies a signed ticket code offline, with the event's published keys
 * (`GET /events/:eventId/ticket-keys`) and, when given, its revocation list: the signature
 * (Ed25519, Web Crypto: browsers, Node 20+, Deno, Bun), then the list, then the validity window.
 * Retired keys still verify the tickets they signed. Never throws for a bad code.
 *
 * @example
 * const scanner = createAdmitScannerClient({ baseUrl: "https://tickets.example.com/admit" });
 * const keys = await scanner.getTicketKeys("spring-gala"); // sync while online
 * const revoked = await scanner.getRevocations("spring-gala");
 * const verdict = await verifyTicketCode(scannedText, keys, { revoked });
 * if (verdict.valid) admit(verdict.ticket.ticketId, verdict.ticket.tierId);
 * else refuse(verdict.reason); // "bad_signature", "revoked", "expired", …
 */
export async function verifyTicketCode(
  code: string,
  keys: TicketKeys | readonly TicketKey[],
  options: VerifyTicketCodeOptions = {},
): Promise<TicketCodeVerdict> {
  const decoded = decodeTicketCode(code.trim());
  if (!decoded) return { valid: false, reason: "malformed" };
  const key = (
    Array.isArray(keys) ? (keys as readonly TicketKey[]) : (keys as TicketKeys).keys
  ).find((k) => k.kid === decoded.kid);
  if (!key) return { valid: false, reason: "unknown_key" };
  const good = await crypto.subtle.verify(
    { name: "Ed25519" },
    await importKey(key),
    decoded.signature as Uint8Array<ArrayBuffer>,
    signedMessage(key.eventId, decoded.payload) as Uint8Array<ArrayBuffer>,
  );
  if (!good) return { valid: false, reason: "bad_signature" };
  const { kid, ticketId, tierId, validFrom, validUntil } = decoded;
  const ticket = { kid, ticketId, tierId, validFrom, validUntil, eventId: key.eventId };
  if (options.revoked && revokedIds(options.revoked).has(ticketId))
    return { valid: false, reason: "revoked", ticket };
  const now = (options.now ?? new Date()).getTime();
  const tolerance = options.clockToleranceMs ?? 300_000;
  if (now + tolerance < validFrom.getTime())
    return { valid: false, reason: "not_yet_valid", ticket };
  if (now - tolerance > validUntil.getTime()) return { valid: false, reason: "expired", ticket };
  return { valid: true, ticket };
}
