import { sign } from "node:crypto";
import {
  assembleTicketCode,
  decodeTicketCode,
  encodeTicketPayload,
  isSignedTicketCode,
  signedMessage,
  verifyTicketCode,
} from "@admit/client/ticket-codes";
import { newTicketCode } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { activeSigningKey, findTicketKey, requireEvent } from "../events/ticket-keys.js";
import type { KitContext } from "../kit-context.js";
import { REFUNDABLE } from "../orders/order-status.js";

/** Makes the code of each new ticket of one order. */
export type TicketCodeMaker = (ticketId: string, tierId: string) => string;

/**
 * The code maker for an order's tickets: plain random codes by default; with
 * `signedTicketCodes`, codes signed by the event's active key (made on first use; replaced,
 * with a report to `onError`, when `keySecret` cannot open it), valid from now (the database's
 * clock) until `validAfterEventMs` after the event's end or start.
 */
export async function ticketCodeMaker(
  ctx: KitContext,
  tx: Queryable,
  eventId: string,
): Promise<TicketCodeMaker> {
  const signing = ctx.options.signedTicketCodes;
  if (!signing) return () => newTicketCode();
  const { kid, privateKey } = await activeSigningKey(tx, signing, eventId, ctx.options.onError);
  const [times] = await tx.query<{ now: Date; ends: Date }>(
    "select now() as now, coalesce(ends_at, starts_at) as ends from admit_events where id = $1",
    [eventId],
  );
  const validUntil = new Date(times!.ends.getTime() + signing.validAfterEventMs);
  return (ticketId, tierId) => {
    const payload = encodeTicketPayload({
      kid,
      ticketId,
      tierId,
      validFrom: times!.now,
      validUntil,
    });
    return assembleTicketCode(payload, sign(null, signedMessage(eventId, payload), privateKey));
  };
}

/**
 * Check-in's first step: a code shaped like a signed one must verify with the key it names
 * (active or retired), else 422 `ticket_signature_invalid`, never a lookup. Answers the code to
 * look up: a signed one in upper case (scanner apps may hand over lower case), a plain one as
 * given. The validity window is for offline scanners: online, the database decides.
 */
export async function checkedCode(q: Queryable, code: string): Promise<string> {
  if (!isSignedTicketCode(code)) return code;
  const kid = decodeTicketCode(code)?.kid;
  const key = kid ? await findTicketKey(q, kid) : undefined;
  const verdict = key ? await verifyTicketCode(code, [key]) : undefined;
  // Revoked or outside its window: the signature verified; the database decides the rest.
  if (!verdict || (!verdict.valid && ["malformed", "bad_signature"].includes(verdict.reason)))
    throw new AdmitError(
      "ticket_signature_invalid",
      key
        ? "The code's signature does not verify: it was altered or forged"
        : "The code is damaged or names no key of this kit",
      {
        errors: [{ path: "code", message: "scan the ticket again; it is not a valid signed code" }],
      },
    );
  return code.toUpperCase();
}

/**
 * `GET /events/:eventId/revocations`: the event's tickets that no longer admit (voided, or of
 * an order no longer paid or partially refunded), by id.
 */
export async function listRevokedTickets(q: Queryable, eventId: string): Promise<string[]> {
  await requireEvent(q, eventId);
  const rows = await q.query<{ id: string }>(
    `select k.id from admit_tickets k join admit_orders o on o.id = k.order_id
     where k.event_id = $1 and (k.status <> 'valid' or not o.status = any($2::text[]))
     order by k.id`,
    [eventId, [...REFUNDABLE]],
  );
  return rows.map((r) => r.id);
}
