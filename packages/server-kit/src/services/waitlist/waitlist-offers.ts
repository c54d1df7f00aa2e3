import { randomBytes } from "node:crypto";
import { newId } from "../../crypto/secrets.js";
import { failureMessage } from "../../errors/server-kit-error.js";
import type { Queryable } from "../../store/store.js";
import { loadEvent, tierSaleState } from "../events/event-view.js";
import { remainingSeats, selectTiers } from "../holds/capacity.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import type { WaitlistOffer } from "../notifications/notification-types.js";
import {
  createLinkOrder,
  issueLink,
  linkReturnUrl,
  withinProviderLimit,
} from "../payment-links/payment-links.js";
import { appendTimeline } from "../timeline/timeline.js";
import { lapseOverdueOffers } from "./waitlist-claims.js";
import { waitlistMayBecome } from "./waitlist-status.js";

interface EntryRow {
  id: string;
  email: string;
  name: string | null;
  quantity: number;
}

type OfferOutcome = "offered" | "lapsed" | "none";

/** Record the offer for the outbound webhooks, in the offer's transaction (never the in-process order hook). */
async function enqueueOfferNotification(tx: Queryable, offer: WaitlistOffer): Promise<void> {
  await tx.query(
    `with notification as (
       insert into admit_order_notifications (order_id, payload, kind, delivered_at)
       values ($1, $2, 'waitlist.offered', now()) returning seq)
     insert into admit_webhook_deliveries (notification_seq, endpoint, webhook_id)
     select n.seq, e.url, $3 from notification n cross join admit_webhook_endpoints e where e.enabled`,
    [offer.orderId, JSON.stringify(offer), `msg_${randomBytes(16).toString("hex")}`],
  );
}

/**
 * Offer free seats of one tier to its first waiting entry, in one transaction under the tier's
 * row lock (the lock every hold takes): so two processes never offer one entry twice, and a
 * hold never takes the seats meanwhile. Strictly first come, first served: an entry wanting
 * more seats than are free waits, and so does everyone behind it.
 */
async function offerNext(
  ctx: KitContext,
  eventId: string,
  tierId: string,
  publicUrl: string,
): Promise<OfferOutcome> {
  return ctx.store.transaction(async (tx) => {
    const event = await loadEvent(tx, eventId);
    const [tier] = await selectTiers(tx, eventId, [tierId], !ctx.options.unsafeDisableCapacityLock);
    if (!tier || tierSaleState(event, tier)) return "none";
    const [entry] = await tx.query<EntryRow>(
      `select id, email, name, quantity from admit_waitlist
       where event_id = $1 and tier_id = $2 and status = 'waiting' order by seq limit 1`,
      [eventId, tierId],
    );
    if (!entry) return "none";
    if (entry.quantity < tier.min_per_order || entry.quantity > tier.max_per_order) {
      // The tier's limits changed since the entry joined: it could never be served.
      await tx.query(
        `update admit_waitlist set status = 'lapsed', updated_at = now() where id = $1 and ${waitlistMayBecome("lapsed", { from: ["waiting"] })}`,
        [entry.id],
      );
      await appendTimeline(tx, {
        type: "waitlist.lapsed",
        actor: SYSTEM.waitlist,
        eventId,
        reason: `quantity outside the tier's per-order limits (${tier.min_per_order} to ${tier.max_per_order})`,
        data: { waitlistId: entry.id, tierId },
      });
      return "lapsed";
    }
    if (remainingSeats(tier) < entry.quantity) return "none";
    const expiresAt = withinProviderLimit(
      ctx,
      new Date(event.db_now.getTime() + ctx.options.waitlist.offerTtl),
      event.db_now,
    );
    const buyer = { name: entry.name ?? entry.email, email: entry.email };
    const items = [{ tierId, quantity: entry.quantity }];
    const reference = `waitlist:${entry.id}`;
    const order = await createLinkOrder(
      ctx,
      tx,
      event,
      {
        items,
        buyer,
        reference,
        // Tickets carry the entry's name; the organizer may change attendees later.
        ...(event.collect_attendees
          ? { attendees: Array.from({ length: entry.quantity }, () => ({ tierId, ...buyer })) }
          : {}),
      },
      expiresAt,
      linkReturnUrl(ctx, publicUrl),
      SYSTEM.waitlist,
      true,
    );
    const link = await issueLink(ctx, tx, {
      linkId: newId("paymentLink"),
      event,
      order,
      reference,
      actor: SYSTEM.waitlist,
      publicUrl,
      renewed: false,
    });
    await tx.query(
      `update admit_waitlist set status = 'offered', order_id = $2, updated_at = now() where id = $1 and ${waitlistMayBecome("offered", { from: ["waiting"] })}`,
      [entry.id, order.id],
    );
    const offer: WaitlistOffer = {
      waitlistId: entry.id,
      eventId,
      tierId,
      email: entry.email,
      name: entry.name,
      quantity: entry.quantity,
      orderId: order.id,
      paymentUrl: link.url,
      expiresAt: order.expires_at.toISOString(),
    };
    await appendTimeline(tx, {
      type: "waitlist.offered",
      actor: SYSTEM.waitlist,
      orderId: order.id,
      eventId,
      data: {
        waitlistId: entry.id,
        tierId,
        quantity: entry.quantity,
        linkId: link.id,
        expiresAt: offer.expiresAt,
      },
    });
    await enqueueOfferNotification(tx, offer);
    return "offered";
  });
}

/**
 * Serve the waitlists: let lapse the offers that can no longer be paid, then offer the free
 * seats of every tier with waiting entries to them, in order. Runs in `reconcilePending` and
 * after every request that frees seats. A failure (provider down, lock timeout) stops that
 * tier's queue until the next run and goes to `onError`; nothing half-made stays. Answers how
 * many offers were made.
 */
export async function serveWaitlists(
  ctx: KitContext,
  requestPublicUrl: string | undefined,
): Promise<number> {
  await ctx.store.transaction((tx) => lapseOverdueOffers(tx));
  const queues = await ctx.store.query<{ event_id: string; tier_id: string }>(
    "select distinct event_id, tier_id from admit_waitlist where status = 'waiting'",
  );
  if (queues.length === 0) return 0;
  const publicUrl = ctx.options.publicUrl ?? requestPublicUrl;
  if (!publicUrl) {
    ctx.options.onError(
      new Error(
        failureMessage(
          "offer seats to waitlist entries: reconcilePending does not know the kit's URL",
          "set the publicUrl option",
        ),
      ),
    );
    return 0;
  }
  let offered = 0;
  for (const queue of queues) {
    for (;;) {
      let outcome: OfferOutcome;
      try {
        outcome = await offerNext(ctx, queue.event_id, queue.tier_id, publicUrl);
      } catch (error) {
        ctx.options.onError(error);
        break;
      }
      if (outcome === "none") break;
      if (outcome === "offered") offered++;
    }
  }
  return offered;
}
