import type { Actor } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { appendTimeline } from "../timeline/timeline.js";

/** Every named ticket must belong to the order (422 otherwise). */
export async function checkTicketsOfOrder(
  q: Queryable,
  orderId: string,
  ticketIds: readonly string[],
): Promise<void> {
  if (ticketIds.length === 0) return;
  const found = await q.query<{ id: string }>(
    "select id from admit_tickets where order_id = $1 and id = any($2::text[])",
    [orderId, ticketIds],
  );
  const known = new Set(found.map((t) => t.id));
  const errors = ticketIds.flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `ticketIds.${i}`, message: "not a ticket of this order" }],
  );
  if (errors.length > 0)
    throw new AdmitError("invalid_request", "Name tickets of this order", { errors });
}

/**
 * Void the named tickets that are still valid, one timeline entry each. A voided ticket that was
 * not checked in gives its seat back to the tier; one that was keeps its check-in and its seat
 * (the attendee is inside).
 */
export async function voidTickets(
  tx: Queryable,
  orderId: string,
  ticketIds: readonly string[],
  actor: Actor,
  reason: string,
  data: Record<string, unknown>,
): Promise<string[]> {
  if (ticketIds.length === 0) return [];
  // Each voided ticket gives its seat back through admit_tickets_count, which updates its tier:
  // lock those tiers first, in id order like every hold, so the two never deadlock.
  await tx.query(
    `select 1 from admit_tiers t where (t.event_id, t.id) in
       (select k.event_id, k.tier_id from admit_tickets k where k.order_id = $1 and k.id = any($2::text[]))
     order by t.id for update`,
    [orderId, ticketIds],
  );
  const voided = await tx.query<{
    id: string;
    event_id: string;
    tier_id: string;
    checked_in_at: Date | null;
  }>(
    `update admit_tickets set status = 'voided'
     where order_id = $1 and id = any($2::text[]) and status = 'valid'
     returning id, event_id, tier_id, checked_in_at`,
    [orderId, ticketIds],
  );
  for (const ticket of voided.sort((a, b) => a.tier_id.localeCompare(b.tier_id))) {
    await appendTimeline(tx, {
      type: "ticket.voided",
      actor,
      orderId,
      reason,
      data: { ticketId: ticket.id, checkedIn: ticket.checked_in_at !== null, ...data },
    });
  }
  return voided.map((t) => t.id);
}
