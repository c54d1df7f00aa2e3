import type { Actor, AdminOrder, ResolveRequest } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { PaymentProvider } from "../../providers/payment-provider.js";
import type { Queryable } from "../../store/store.js";
import type { KitContext } from "../kit-context.js";
import { atProvider } from "../payments/at-provider.js";
import type { AttemptRow } from "../payments/attempt-row.js";
import { setAttemptStatus } from "../payments/attempt-status.js";
import { issueTickets, seatShortfall } from "../payments/payment-confirmation.js";
import { makeRefund } from "../refunds/refunds.js";
import { getAdminOrder } from "./admin-orders.js";
import { setOrderStatus } from "./order-status.js";
import { loadOrder, type OrderRow } from "./order-view.js";

function requireReview(order: OrderRow | undefined, orderId: string): OrderRow {
  if (!order) throw new AdmitError("not_found", `No order ${orderId}`);
  if (order.status !== "manual_review")
    throw new AdmitError(
      "order_not_payable",
      `Only an order in manual_review can be resolved; this one is ${order.status}`,
    );
  return order;
}

/** The payment that sent the order to review: its latest captured or authorized attempt. */
async function reviewedAttempt(q: Queryable, order: OrderRow): Promise<AttemptRow> {
  const [attempt] = await q.query<AttemptRow>(
    `select * from admit_payment_attempts where order_id = $1 and status in ('captured', 'authorized')
     order by created_at desc, id desc limit 1`,
    [order.id],
  );
  if (!attempt?.provider_reference)
    throw new AdmitError("order_not_payable", "The order in review has no payment to settle");
  return attempt;
}

function providerOf(ctx: KitContext, attempt: AttemptRow): PaymentProvider {
  const provider = ctx.providers.get(attempt.provider);
  if (!provider)
    throw new AdmitError(
      "provider_unavailable",
      `The provider ${attempt.provider} is not configured`,
    );
  return provider;
}

/** Run a provider call; its failure answers 502 `provider_unavailable` (and rolls back the caller's transaction). */
function atResolvingProvider<T>(call: () => Promise<T>): Promise<T> {
  return atProvider(call, "The payment provider did not answer; nothing changed, try again");
}

/**
 * Accept: the order becomes `paid` with its tickets, as a normal payment would, but only if its
 * seats are still free (409 `sold_out` with what remains otherwise: accepting never oversells).
 * A two-step payment is captured first, under the same locks.
 */
async function accept(ctx: KitContext, orderId: string, reason: string, actor: Actor) {
  await ctx.store.transaction(async (tx) => {
    const order = requireReview(await loadOrder(tx, orderId, true), orderId);
    const attempt = await reviewedAttempt(tx, order);
    const shortfall = await seatShortfall(ctx, tx, order);
    if (shortfall.length > 0)
      throw new AdmitError("sold_out", "Accepting this order would oversell; refund it instead", {
        tiers: shortfall,
      });
    if (attempt.status === "authorized") {
      const provider = providerOf(ctx, attempt);
      const reference = attempt.provider_reference!;
      const payment = await atResolvingProvider(() => provider.getPayment(reference));
      const captured = await atResolvingProvider(() => provider.capture(reference, payment.amount));
      if (captured.status !== "captured")
        throw new AdmitError("provider_unavailable", "The provider did not capture the payment");
    }
    await setAttemptStatus(tx, attempt, "captured", actor);
    const [tickets] = await tx.query<{ n: number }>(
      "select count(*)::int as n from admit_tickets where order_id = $1",
      [order.id],
    );
    if (tickets!.n === 0) await issueTickets(ctx, tx, order);
    await setOrderStatus(tx, order, "paid", actor, reason, {
      decision: "accept",
      paymentId: attempt.id,
    });
  });
}

/**
 * Refund: give back everything the provider holds for the reviewed payment (which may differ
 * from the order's total: an amount mismatch is one way into review) and end `refunded`; a
 * two-step authorization is voided instead and the order ends `cancelled`.
 */
async function refundInFull(
  ctx: KitContext,
  orderId: string,
  reason: string,
  actor: Actor,
  requestKey: string,
) {
  const order = requireReview(await loadOrder(ctx.store, orderId), orderId);
  const attempt = await reviewedAttempt(ctx.store, order);
  const provider = providerOf(ctx, attempt);
  const reference = attempt.provider_reference!;
  if (attempt.status === "authorized") {
    await ctx.store.transaction(async (tx) => {
      const locked = requireReview(await loadOrder(tx, orderId, true), orderId);
      await atResolvingProvider(() => provider.void(reference));
      // Read again under the lock: the provider's notification of the void may be applied first.
      const [current = attempt] = await tx.query<AttemptRow>(
        "select * from admit_payment_attempts where id = $1 for update",
        [attempt.id],
      );
      await setAttemptStatus(tx, current, "voided", actor);
      await setOrderStatus(tx, locked, "cancelled", actor, reason, {
        decision: "refund",
        paymentId: attempt.id,
      });
    });
    return;
  }
  const payment = await atResolvingProvider(() => provider.getPayment(reference));
  const [retried] = await ctx.store.query<{ amount: number }>(
    "select amount from admit_refunds where order_id = $1 and request_key = $2",
    [orderId, requestKey],
  );
  const amount = retried?.amount ?? payment.amount.amount - (payment.amountRefunded?.amount ?? 0);
  await makeRefund(ctx, {
    orderId,
    amount: { amount, currency: payment.amount.currency },
    paid: payment.amount,
    paymentId: attempt.id,
    reason,
    ticketIds: [],
    actor,
    requestKey,
    check(locked) {
      requireReview(locked, orderId);
    },
    settledStatus: () => "refunded",
  });
}

/**
 * `POST /admin/orders/:orderId/resolve`: settle a `manual_review` order, `accept` (→ `paid`) or
 * `refund` (→ `refunded`, or `cancelled` for an authorization that is voided). Any other status
 * answers 409 `order_not_payable`.
 */
export async function resolveOrder(
  ctx: KitContext,
  orderId: string,
  input: ResolveRequest,
  actor: Actor,
  requestKey: string,
): Promise<AdminOrder> {
  if (input.decision === "accept") await accept(ctx, orderId, input.reason, actor);
  else await refundInFull(ctx, orderId, input.reason, actor, requestKey);
  return getAdminOrder(ctx.store, orderId);
}
