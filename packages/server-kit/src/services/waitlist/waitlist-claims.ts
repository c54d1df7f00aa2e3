import type { OrderStatusCode } from "@admit/client/contract";
import type { Queryable } from "../../store/store.js";
import { SYSTEM } from "../kit-context.js";
import { appendTimeline } from "../timeline/timeline.js";
import { waitlistMayBecome } from "./waitlist-status.js";

/** What a waitlist entry becomes when its offer's order reaches a status; others leave it as it is. */
function entryStatusFor(status: OrderStatusCode): "claimed" | "lapsed" | undefined {
  if (status === "paid") return "claimed";
  if (status === "expired" || status === "cancelled") return "lapsed";
  return undefined;
}

/**
 * Settle the waitlist entry whose offer this order is (if any), in the transaction that moved
 * the order: `paid` claims it, `expired` or `cancelled` lets it lapse (its seats are free again,
 * for the next waiting entry). A lapsed offer paid late (seats still there) is claimed after all.
 */
export async function settleWaitlistOffer(
  tx: Queryable,
  orderId: string,
  status: OrderStatusCode,
): Promise<void> {
  const next = entryStatusFor(status);
  if (!next) return;
  const settled = await tx.query<{ id: string; event_id: string; tier_id: string }>(
    `update admit_waitlist set status = $2, updated_at = now()
     where order_id = $1 and ${waitlistMayBecome(next, { from: next === "claimed" ? ["offered", "lapsed"] : ["offered"] })}
     returning id, event_id, tier_id`,
    [orderId, next],
  );
  for (const entry of settled)
    await appendTimeline(tx, {
      type: `waitlist.${next}`,
      actor: SYSTEM.waitlist,
      orderId,
      eventId: entry.event_id,
      reason: `offer order ${status}`,
      data: { waitlistId: entry.id, tierId: entry.tier_id },
    });
}

/**
 * Let lapse every offer whose order can no longer be paid but was not settled when it changed:
 * a `failed` order whose window passed (it stays `failed`), or one expired by a path that does
 * not settle. The row lock of the UPDATE makes concurrent runs settle each entry once.
 */
export async function lapseOverdueOffers(q: Queryable): Promise<number> {
  const lapsed = await q.query<{ id: string; event_id: string; tier_id: string; order_id: string }>(
    `update admit_waitlist w set status = 'lapsed', updated_at = now() from admit_orders o
     where w.order_id = o.id and ${waitlistMayBecome("lapsed", { from: ["offered"], alias: "w." })}
       and (o.status in ('expired', 'cancelled') or (o.status = 'failed' and o.expires_at <= now()))
     returning w.id, w.event_id, w.tier_id, w.order_id`,
  );
  for (const entry of lapsed)
    await appendTimeline(q, {
      type: "waitlist.lapsed",
      actor: SYSTEM.waitlist,
      orderId: entry.order_id,
      eventId: entry.event_id,
      reason: "offer not paid in time",
      data: { waitlistId: entry.id, tierId: entry.tier_id },
    });
  return lapsed.length;
}
