import type { OrderStatus } from "@admit/client/contract";
import type { Queryable } from "../store/store.js";
import { type KitContext, SYSTEM } from "./kit-context.js";
import { enqueueOrderNotification } from "./order-notifications.js";
import { loadOrderWithToken, renderOrderStatus } from "./order-view.js";
import { applyProviderPayment } from "./payment-confirmation.js";
import { appendTimeline } from "./timeline.js";

/**
 * Claim this order's provider lookup: at most one per `intervalMs` per order across every
 * process (a conditional UPDATE on `last_lookup_at`), and only once its latest attempt is older
 * than `minAgeMs`. Answers the attempt to look up, or nothing.
 */
async function claimLookup(
  q: Queryable,
  orderId: string,
  minAgeMs: number,
  intervalMs: number,
): Promise<{ provider: string; provider_reference: string } | undefined> {
  const rows = await q.query<{ provider: string; provider_reference: string }>(
    `with latest as (
       select a.provider, a.provider_reference, a.created_at from admit_payment_attempts a
       where a.order_id = $1 and a.provider_reference is not null
       order by a.created_at desc, a.id desc limit 1)
     update admit_orders o set last_lookup_at = now()
     from latest
     where o.id = $1 and o.status = 'pending_payment'
       and latest.created_at <= now() - $2 * interval '1 millisecond'
       and (o.last_lookup_at is null or o.last_lookup_at <= now() - $3 * interval '1 millisecond')
     returning latest.provider, latest.provider_reference`,
    [orderId, minAgeMs, intervalMs],
  );
  return rows[0];
}

/**
 * Look the order's latest payment up at its provider and apply the answer (same rules as
 * webhooks). A buyer's poll waits until the attempt is `lookupAfterMs` old; reconciliation
 * (`minAgeMs: 0`) does not. Both respect the per-order interval.
 */
export async function lookUpPayment(
  ctx: KitContext,
  orderId: string,
  minAgeMs = ctx.options.lookupAfterMs,
): Promise<boolean> {
  const claim = await claimLookup(ctx.store, orderId, minAgeMs, ctx.options.lookupAfterMs);
  if (!claim) return false;
  const provider = ctx.providers.get(claim.provider);
  if (!provider) return false;
  try {
    const payment = await provider.getPayment(claim.provider_reference);
    return await applyProviderPayment(ctx, provider, payment, { kind: "lookup" });
  } catch (error) {
    // The provider being down must not break polling; the next poll or reconcile tries again.
    ctx.options.onError(error);
    return false;
  }
}

/**
 * Expire pending orders whose hold expired with nothing paid (database clock). `orderId` limits
 * it to one order (lazy expiry on read); without it, every due order (reconciliation).
 */
export async function expireDueOrders(ctx: KitContext, orderId: string | null): Promise<number> {
  return ctx.store.transaction(async (tx) => {
    const due = await tx.query<{ id: string }>(
      `update admit_orders set status = 'expired', status_changed_at = now(), updated_at = now()
       where status = 'pending_payment' and expires_at <= now() and ($1::text is null or id = $1::text)
       returning id`,
      [orderId],
    );
    for (const { id } of due) {
      await tx.query(
        "update admit_payment_attempts set status = 'expired', updated_at = now() where order_id = $1 and status = 'requested'",
        [id],
      );
      await appendTimeline(tx, {
        type: "order.expired",
        actor: SYSTEM.expiry,
        orderId: id,
        reason: "payment window over",
        data: { from: "pending_payment" },
      });
      await enqueueOrderNotification(tx, id);
    }
    if (orderId === null) {
      const holds = await tx.query<{ id: string; event_id: string }>(
        "update admit_holds set status = 'expired' where status = 'active' and expires_at <= now() returning id, event_id",
      );
      for (const hold of holds)
        await appendTimeline(tx, {
          type: "hold.expired",
          actor: SYSTEM.expiry,
          holdId: hold.id,
          eventId: hold.event_id,
        });
    }
    return due.length;
  });
}

/**
 * `GET /orders/:orderId`: the buyer's poll. A pending order waiting past `lookupAfterMs` is
 * looked up at the provider (so a lost webhook never strands it), then expired if its window
 * is over with nothing paid.
 */
export async function getOrderStatus(
  ctx: KitContext,
  orderId: string,
  token: string | undefined,
): Promise<OrderStatus> {
  let order = await loadOrderWithToken(ctx.store, orderId, token);
  if (order.status === "pending_payment") {
    const changed = await lookUpPayment(ctx, order.id);
    const expired = order.expires_at <= order.db_now ? await expireDueOrders(ctx, order.id) : 0;
    if (changed || expired > 0) order = await loadOrderWithToken(ctx.store, orderId, token);
  }
  return renderOrderStatus(ctx.store, order);
}

/**
 * Periodic reconciliation: look every pending order up at its provider, expire what is due.
 * Returns how many orders changed.
 */
export async function reconcilePending(ctx: KitContext): Promise<number> {
  const pending = await ctx.store.query<{ id: string }>(
    "select id from admit_orders where status = 'pending_payment' order by updated_at limit 500",
  );
  let changed = 0;
  for (const { id } of pending) if (await lookUpPayment(ctx, id, 0)) changed++;
  changed += await expireDueOrders(ctx, null);
  await ctx.store.query("delete from admit_idempotency_keys where expires_at <= now()");
  return changed;
}
