import { newId } from "../../crypto/secrets.js";
import { failureMessage } from "../../errors/server-kit-error.js";
import type { PaymentProvider, ProviderPayment } from "../../providers/payment-provider.js";
import type { Queryable } from "../../store/store.js";
import { remainingSeats, selectTiers } from "../holds/capacity.js";
import { loadHoldItems } from "../holds/holds.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import { AWAITING_PAYMENT, PAID, setOrderStatus } from "../orders/order-status.js";
import { loadOrder, type OrderRow } from "../orders/order-view.js";
import type { StoredPricing } from "../pricing/hold-pricing.js";
import { ticketCodeMaker } from "../tickets/signed-codes.js";
import { appendTimeline } from "../timeline/timeline.js";
import type { AttemptRow } from "./attempt-row.js";
import { CAPTURED, isAttemptTransition, OPEN, setAttemptStatus } from "./attempt-status.js";

/** Where a provider's word came from: a verified webhook (deduplicated by its id) or a lookup. */
export type ConfirmationSource = { kind: "webhook"; eventId: string } | { kind: "lookup" };

/** An attempt with whether it is its order's latest. */
interface LatestAttemptRow extends AttemptRow {
  is_latest: boolean;
}

/**
 * The order's tiers that no longer have seats for its items (the order's own hold excluded),
 * under the tier locks, with what remains of each; empty when the order still fits.
 */
export async function seatShortfall(
  ctx: KitContext,
  tx: Queryable,
  order: OrderRow,
): Promise<{ tierId: string; remaining: number }[]> {
  const items = await loadHoldItems(tx, order.hold_id);
  const tiers = await selectTiers(
    tx,
    order.event_id,
    items.map((i) => i.tier_id),
    !ctx.options.unsafeDisableCapacityLock,
  );
  return items.flatMap((item) => {
    const tier = tiers.find((t) => t.id === item.tier_id);
    // The order's own seats, if its hold still counts them, are free for it.
    const remaining = tier ? remainingSeats(tier, false, item.counted ? item.quantity : 0) : 0;
    return remaining >= item.quantity ? [] : [{ tierId: item.tier_id, remaining }];
  });
}

/**
 * Issue one valid ticket per seat: the seats move from held to sold (the `admit_tickets_count`
 * trigger counts each valid ticket in its tier's `sold`), so the hold stops counting first.
 */
export async function issueTickets(ctx: KitContext, tx: Queryable, order: OrderRow): Promise<void> {
  const items = await loadHoldItems(tx, order.hold_id);
  const [{ pricing } = { pricing: null }] = await tx.query<{ pricing: StoredPricing | null }>(
    "select pricing from admit_holds where id = $1",
    [order.hold_id],
  );
  const codeOf = await ticketCodeMaker(ctx, tx, order.event_id);
  await tx.query("select admit_count_hold($1, false)", [order.hold_id]);
  const attendees = [...order.attendees];
  let position = 0;
  for (const [line, item] of items.entries()) {
    for (let n = 0; n < item.quantity; n++) {
      // What this ticket was charged, as the hold priced it (lines in the items' order).
      const price = pricing?.lines[line]?.tickets[n] ?? null;
      const index = attendees.findIndex((a) => a.tierId === item.tier_id);
      const attendee =
        index >= 0
          ? attendees.splice(index, 1)[0]!
          : { name: order.buyer_name, email: order.buyer_email, answers: {} };
      const id = newId("ticket");
      await tx.query(
        `insert into admit_tickets (id, order_id, event_id, tier_id, position, code, attendee_name, attendee_email, status, answers, price, promo_code)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'valid', $9, $10, $11)`,
        [
          id,
          order.id,
          order.event_id,
          item.tier_id,
          position++,
          codeOf(id, item.tier_id),
          attendee.name,
          attendee.email ?? null,
          JSON.stringify(attendee.answers ?? {}),
          price ? JSON.stringify(price) : null,
          pricing?.promoCode ?? null,
        ],
      );
    }
  }
}

/** A verified `authorized`/`captured` payment for an order that may still become paid. */
async function confirmPayment(
  ctx: KitContext,
  tx: Queryable,
  provider: PaymentProvider,
  order: OrderRow,
  attempt: LatestAttemptRow,
  payment: ProviderPayment,
  actor: { system: string },
): Promise<void> {
  const reported = payment.status as "authorized" | "captured";
  if (payment.amount.amount !== order.total_amount || payment.amount.currency !== order.currency) {
    await setAttemptStatus(tx, attempt, reported, actor);
    await setOrderStatus(tx, order, "manual_review", actor, "amount_mismatch", {
      expected: { amount: order.total_amount, currency: order.currency },
      received: payment.amount,
      paymentId: attempt.id,
    });
    return;
  }
  if ((await seatShortfall(ctx, tx, order)).length > 0) {
    if (reported === "authorized") {
      // Two-step: nothing was taken yet, so release the authorization instead of reviewing.
      await provider.void(payment.providerReference);
      await setAttemptStatus(tx, attempt, "voided", actor);
      await setOrderStatus(tx, order, "expired", actor, "no_seats_left", { paymentId: attempt.id });
      return;
    }
    await setAttemptStatus(tx, attempt, "captured", actor);
    await setOrderStatus(tx, order, "manual_review", actor, "paid_without_seats", {
      paymentId: attempt.id,
    });
    return;
  }
  if (reported === "authorized") {
    const captured = await provider.capture(payment.providerReference, {
      amount: order.total_amount,
      currency: order.currency,
    });
    if (captured.status !== "captured") {
      await setAttemptStatus(tx, attempt, "authorized", actor);
      return;
    }
  }
  await setAttemptStatus(tx, attempt, "captured", actor);
  await issueTickets(ctx, tx, order);
  await setOrderStatus(
    tx,
    order,
    "paid",
    actor,
    order.status === "pending_payment" ? undefined : `late_payment_after_${order.status}`,
    {
      paymentId: attempt.id,
      amount: order.total_amount,
    },
  );
}

/**
 * Apply what the provider says about a payment, by the rules of lifecycle.md, in one
 * transaction: dedupe (webhooks, by a unique key), lock the order, then only move forward.
 * Returns whether anything changed.
 */
export async function applyProviderPayment(
  ctx: KitContext,
  provider: PaymentProvider,
  payment: ProviderPayment,
  source: ConfirmationSource,
): Promise<boolean> {
  const actor =
    source.kind === "webhook" ? SYSTEM.provider(provider.name) : SYSTEM.lookup(provider.name);
  let extra: string | undefined;
  const changed = await ctx.store.transaction(async (tx) => {
    if (source.kind === "webhook" && !ctx.options.unsafeDisableWebhookDedup) {
      const fresh = await tx.query(
        `insert into admit_provider_notifications (provider, event_id, provider_reference) values ($1, $2, $3)
         on conflict do nothing returning event_id`,
        [provider.name, source.eventId, payment.providerReference],
      );
      if (fresh.length === 0) return false;
    }
    const [found] = await tx.query<{ id: string; order_id: string }>(
      `select id, order_id from admit_payment_attempts
       where provider = $1 and (provider_reference = $2 or ($3::text is not null and id = $3::text)) limit 1`,
      [provider.name, payment.providerReference, payment.paymentId ?? null],
    );
    if (!found) return false;
    // Lock order first, then its attempt, then (in confirmPayment) the tiers: the same order everywhere.
    const order = (await loadOrder(tx, found.order_id, true))!;
    const [attempt] = await tx.query<LatestAttemptRow>(
      `select a.*, a.id = (select b.id from admit_payment_attempts b where b.order_id = a.order_id
                           order by b.created_at desc, b.id desc limit 1) as is_latest
       from admit_payment_attempts a where a.id = $1 for update`,
      [found.id],
    );
    if (!attempt) return false;
    const before = `${order.status}/${attempt.status}`;
    if (attempt.provider_reference === null)
      await tx.query("update admit_payment_attempts set provider_reference = $2 where id = $1", [
        attempt.id,
        payment.providerReference,
      ]);
    switch (payment.status) {
      case "authorized":
      case "captured": {
        if (CAPTURED.has(attempt.status)) break;
        if (attempt.status === "authorized" && payment.status === "authorized") break;
        if (AWAITING_PAYMENT.has(order.status)) {
          await confirmPayment(ctx, tx, provider, order, attempt, payment, actor);
        } else if (order.status === "cancelled") {
          await setAttemptStatus(tx, attempt, payment.status, actor);
          await setOrderStatus(tx, order, "manual_review", actor, "paid_after_cancel", {
            paymentId: attempt.id,
          });
        } else if (payment.status === "authorized" && PAID.has(order.status)) {
          // Two-step, on an order another attempt paid: nothing was taken yet, so release it.
          await provider.void(payment.providerReference);
          await setAttemptStatus(tx, attempt, "voided", actor, "order_already_paid");
        } else {
          // Already paid (another attempt) or in review: record the money, never undo the order,
          // and flag it (timeline here, onError after commit, reconciliation) for a refund.
          await setAttemptStatus(tx, attempt, payment.status, actor);
          await appendTimeline(tx, {
            type: "payment.extra",
            actor,
            orderId: order.id,
            reason: "payment on an order that is already settled; refund it at the provider",
            data: {
              paymentId: attempt.id,
              providerReference: payment.providerReference,
              amount: payment.amount,
              paymentStatus: payment.status,
              orderStatus: order.status,
            },
          });
          extra = failureMessage(
            `settle payment ${attempt.id} (${provider.name} ${payment.providerReference}): order ${order.id} is ${order.status}, but this payment also took ${payment.amount.amount} ${payment.amount.currency} (${payment.status})`,
            "refund it at the provider (or with the refund route and its paymentAttemptId)",
          );
        }
        break;
      }
      case "failed":
      case "voided":
      case "expired": {
        if (!OPEN.has(attempt.status)) break;
        await setAttemptStatus(tx, attempt, payment.status, actor);
        if (order.status === "pending_payment" && attempt.is_latest)
          await setOrderStatus(
            tx,
            order,
            payment.status === "expired" ? "expired" : "failed",
            actor,
            `payment_${payment.status}`,
            { paymentId: attempt.id },
          );
        break;
      }
      case "refunded":
      case "partially_refunded": {
        // Refunds only move forward: a late partial refund after the full one changes nothing.
        if (!isAttemptTransition(attempt.status, payment.status)) break;
        await setAttemptStatus(tx, attempt, payment.status, actor);
        break;
      }
      case "requested":
        break;
    }
    const after = await loadOrder(tx, order.id);
    return `${after!.status}/${attempt.status}` !== before;
  });
  // The host's alert channel, once the extra payment is on record (never for a rolled-back one).
  if (extra) ctx.options.onError(new Error(extra));
  return changed;
}
