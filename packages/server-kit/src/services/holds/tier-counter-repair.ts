import { failureMessage } from "../../errors/server-kit-error.js";
import type { KitContext } from "../kit-context.js";

// What each counter should be, recounted from its rows (tier alias `t`).
const RECOUNT = {
  held: `coalesce((select sum(i.quantity) from admit_hold_items i
    where i.event_id = t.event_id and i.tier_id = t.id and i.counted), 0)::int`,
  sold: `(select count(*) from admit_tickets k where k.event_id = t.event_id and k.tier_id = t.id
    and (k.status = 'valid' or k.checked_in_at is not null))::int`,
  waiting: `coalesce((select sum(w.quantity) from admit_waitlist w
    where w.event_id = t.event_id and w.tier_id = t.id and w.status = 'waiting'), 0)::int`,
};

/**
 * The tier counters are kept by triggers in the transaction of every change, so they cannot
 * drift through the kit; this is the net for what the kit does not control (a hand-made SQL
 * change, a partial restore). Run by `reconcilePending`: finds the tiers of events not long over
 * whose `held`, `sold` or `waiting` differs from a recount of their rows, and sets them again
 * under the tier locks (in id order, as holds take them), reporting each repair to `onError`.
 * Answers how many tiers it repaired.
 */
export async function repairTierCounters(ctx: KitContext): Promise<number> {
  const drifted = await ctx.store.query<{ event_id: string }>(
    `select distinct t.event_id from admit_tiers t join admit_events e on e.id = t.event_id
     where coalesce(e.ends_at, e.starts_at) > now() - interval '1 day'
       and (t.held <> ${RECOUNT.held} or t.sold <> ${RECOUNT.sold} or t.waiting <> ${RECOUNT.waiting})`,
  );
  let repaired = 0;
  for (const { event_id: eventId } of drifted) {
    const rows = await ctx.store.transaction(async (tx) => {
      await tx.query("select 1 from admit_lock_tiers($1, null)", [eventId]);
      return tx.query<{ id: string; held: number; sold: number; waiting: number }>(
        `with truth as (
           select t.event_id, t.id, ${RECOUNT.held} as held, ${RECOUNT.sold} as sold,
             ${RECOUNT.waiting} as waiting
           from admit_tiers t where t.event_id = $1)
         update admit_tiers t set held = truth.held, sold = truth.sold, waiting = truth.waiting
         from truth where t.event_id = truth.event_id and t.id = truth.id
           and (t.held, t.sold, t.waiting) is distinct from (truth.held, truth.sold, truth.waiting)
         returning t.id, t.held, t.sold, t.waiting`,
        [eventId],
      );
    });
    for (const row of rows) {
      repaired++;
      ctx.options.onError(
        new Error(
          failureMessage(
            `trust the counters of tier ${row.id} of event ${eventId}: they differed from its rows and were recounted (held ${row.held}, sold ${row.sold}, waiting ${row.waiting})`,
            "change admit_tiers only through the kit",
          ),
        ),
      );
    }
  }
  return repaired;
}
