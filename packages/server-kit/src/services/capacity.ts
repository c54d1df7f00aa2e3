import type { Queryable } from "../store/store.js";

/** A tier row as stored. */
export interface TierRow {
  event_id: string;
  id: string;
  position: number;
  name: string;
  description: string | null;
  price_amount: number;
  capacity: number;
  sold: number;
  min_per_order: number;
  max_per_order: number;
  sales_start: Date | null;
  sales_end: Date | null;
  waitlist: boolean;
}

/**
 * Read tiers of an event, locking them `FOR UPDATE` (in id order, so two transactions never
 * wait on each other crosswise). Every change of `sold` or `held` for a tier happens under this
 * lock: that is what makes "two buyers never both get the last seat" true across processes.
 * `lock: false` exists only for the oversell control test.
 */
export async function selectTiers(
  q: Queryable,
  eventId: string,
  tierIds: readonly string[] | null,
  lock: boolean,
): Promise<TierRow[]> {
  return q.query<TierRow>(
    `select * from admit_tiers where event_id = $1 and ($2::text[] is null or id = any($2::text[]))
     order by ${lock ? "id for update" : "position"}`,
    [eventId, tierIds],
  );
}

/**
 * Seats counted as held per tier right now (database clock): active holds and holds converted
 * into orders still waiting for payment, as long as their expiry is in the future. Expired holds
 * stop counting the instant they expire, with or without a sweeper.
 */
export async function heldSeats(
  q: Queryable,
  eventId: string,
  excludeHoldId: string | null = null,
): Promise<Map<string, number>> {
  const rows = await q.query<{ tier_id: string; held: number }>(
    `select i.tier_id, sum(i.quantity)::int as held
     from admit_hold_items i
     join admit_holds h on h.id = i.hold_id
     left join admit_orders o on o.hold_id = h.id
     where i.event_id = $1 and h.expires_at > now()
       and ($2::text is null or h.id <> $2::text)
       and (h.status = 'active' or (h.status = 'converted' and o.status in ('pending_payment', 'failed')))
     group by i.tier_id`,
    [eventId, excludeHoldId],
  );
  return new Map(rows.map((r) => [r.tier_id, r.held]));
}

/**
 * `capacity - sold - held`, never below zero; with `waiting` (see {@link waitingSeats}), also
 * minus the seats set aside for the tier's waitlist: what buyers may hold.
 */
export function remainingSeats(
  tier: TierRow,
  held: ReadonlyMap<string, number>,
  waiting?: ReadonlyMap<string, number>,
): number {
  return Math.max(
    0,
    tier.capacity - tier.sold - (held.get(tier.id) ?? 0) - (waiting?.get(tier.id) ?? 0),
  );
}

/**
 * Seats per tier of waitlist entries still `waiting`: they are set aside from what buyers may
 * hold, so seats that come back go to the waitlist first. Entries already offered hold their
 * seats through their offer's order (counted in {@link heldSeats}).
 */
export async function waitingSeats(q: Queryable, eventId: string): Promise<Map<string, number>> {
  const rows = await q.query<{ tier_id: string; seats: number }>(
    `select tier_id, sum(quantity)::int as seats from admit_waitlist
     where event_id = $1 and status = 'waiting' group by tier_id`,
    [eventId],
  );
  return new Map(rows.map((r) => [r.tier_id, r.seats]));
}
