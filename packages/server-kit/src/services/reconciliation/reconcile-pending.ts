import type { Queryable } from "../../store/store.js";
import { holdMayBecome } from "../holds/hold-status.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import {
  expireDueOrders,
  LOOKUP_STATUSES,
  lookUpPayment,
  mayExpireAfter,
} from "../orders/order-lookup.js";
import { appendTimeline } from "../timeline/timeline.js";
import { serveWaitlists } from "../waitlist/waitlist-offers.js";

/** Mark every active hold whose time is over `expired` (database clock). */
async function expireDueHolds(ctx: KitContext): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const holds = await tx.query<{ id: string; event_id: string }>(
      `update admit_holds set status = 'expired' where ${holdMayBecome("expired")} and expires_at <= now() returning id, event_id`,
    );
    for (const hold of holds)
      await appendTimeline(tx, {
        type: "hold.expired",
        actor: SYSTEM.expiry,
        holdId: hold.id,
        eventId: hold.event_id,
      });
  });
}

/** How many orders one reconciliation looks up, of the due and of the open ones each. */
const RECONCILE_BATCH = 500;

/**
 * The open orders (pending, or failed within their window) next in line for a lookup: the
 * longest unlooked-up first. A lookup does not touch `updated_at`, so ordering by it would give
 * the same orders every turn and starve the rest beyond one batch.
 */
export async function openOrdersToLookUp(q: Queryable, limit: number): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select o.id from admit_orders o where ${LOOKUP_STATUSES} and o.expires_at > now()
     order by o.last_lookup_at nulls first, o.created_at, o.id limit $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Periodic reconciliation: give every pending order whose window is over its final provider
 * lookup and expire it when nothing was paid; look every other open order (pending, or failed
 * within its window) up at its provider; then offer the seats that came back to the waitlists
 * (`publicUrl`: the kit's URL when the option is not set). Returns how many orders changed.
 */
export async function reconcilePending(ctx: KitContext, publicUrl?: string): Promise<number> {
  let changed = 0;
  const due = await ctx.store.query<{ id: string }>(
    `select id from admit_orders where status = 'pending_payment' and expires_at <= now()
     order by last_lookup_at nulls first, expires_at, id limit $1`,
    [RECONCILE_BATCH],
  );
  const expirable: string[] = [];
  for (const { id } of due) {
    const outcome = await lookUpPayment(ctx, id, 0);
    if (outcome === "changed") changed++;
    if (mayExpireAfter(outcome)) expirable.push(id);
  }
  changed += await expireDueOrders(ctx, expirable);
  await expireDueHolds(ctx);
  const open = await openOrdersToLookUp(ctx.store, RECONCILE_BATCH);
  for (const id of open) if ((await lookUpPayment(ctx, id, 0)) === "changed") changed++;
  await serveWaitlists(ctx, publicUrl);
  await ctx.store.query("delete from admit_idempotency_keys where expires_at <= now()");
  return changed;
}
