import type { TierFee, TierTax } from "@admit/client/contract";
import type { Queryable } from "../../store/store.js";

/** A tier row as stored; `held` is what live holds and open orders hold now (database clock). */
export interface TierRow {
  event_id: string;
  id: string;
  position: number;
  name: string;
  description: string | null;
  price_amount: number;
  capacity: number;
  sold: number;
  /** Seats of live holds and open orders whose expiry is still in the future. */
  held: number;
  /** Seats of waitlist entries still waiting. */
  waiting: number;
  min_per_order: number;
  max_per_order: number;
  sales_start: Date | null;
  sales_end: Date | null;
  waitlist: boolean;
  /** Sold only with a promo code that unlocks it. */
  hidden_without_code: boolean;
  fee: TierFee | null;
  tax: TierTax | null;
}

/**
 * Read tiers of an event (all when `tierIds` is null). With `lock`, they are locked `FOR UPDATE`
 * in id order (so two transactions never wait on each other crosswise) and their expired hold
 * items are reclaimed from the `held` counter in the same round trip (`admit_lock_tiers`): every
 * change of `sold` or `held` happens under this lock, and the `admit_tiers_capacity` CHECK
 * refuses any that would oversell. Without `lock` (reads, and the oversell control test), `held`
 * is the counter minus the expired items not reclaimed yet: an expired hold stops counting the
 * instant it expires, with or without a sweeper, and the read costs what has expired since the
 * last hold, not what the crowd holds.
 */
export async function selectTiers(
  q: Queryable,
  eventId: string,
  tierIds: readonly string[] | null,
  lock: boolean,
): Promise<TierRow[]> {
  if (lock)
    return q.query<TierRow>("select * from admit_lock_tiers($1, $2::text[])", [eventId, tierIds]);
  return q.query<TierRow>(
    `select ${TIER_COLUMNS} from admit_tiers t
     where t.event_id = $1 and ($2::text[] is null or t.id = any($2::text[])) order by t.position`,
    [eventId, tierIds],
  );
}

/**
 * The columns of a {@link TierRow} read without locks from `admit_tiers t`: `held` is the
 * counter minus the expired items not reclaimed yet (an index range of what expired since).
 */
export const TIER_COLUMNS = `t.event_id, t.id, t.position, t.name, t.description, t.price_amount,
  t.capacity, t.sold, t.waiting, t.min_per_order, t.max_per_order, t.sales_start, t.sales_end,
  t.waitlist, t.hidden_without_code, t.fee, t.tax, (t.held - coalesce((select sum(i.quantity) from admit_hold_items i
    where i.event_id = t.event_id and i.tier_id = t.id and i.counted and i.expires_at <= now()), 0))::int as held`;

/**
 * `capacity - sold - held`, never below zero; with `waitlistFirst`, also minus the seats of
 * waiting waitlist entries (set aside, so seats that come back go to the waitlist first):
 * what buyers may hold. `ownSeats` gives back seats the asking order holds itself.
 */
export function remainingSeats(tier: TierRow, waitlistFirst = false, ownSeats = 0): number {
  return Math.max(
    0,
    tier.capacity - tier.sold - tier.held + ownSeats - (waitlistFirst ? tier.waiting : 0),
  );
}
