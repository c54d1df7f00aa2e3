import type { Actor, Checkout, CheckoutRequest, FieldError } from "@admit/client/contract";
import { hashToken, newId, newToken } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { loadEvent } from "../events/event-view.js";
import { setHoldStatus } from "../holds/hold-status.js";
import {
  expireHoldIfDue,
  type HoldItemRow,
  loadHoldItems,
  loadHoldWithToken,
} from "../holds/holds.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import { enqueueOrderNotification } from "../notifications/order-notifications.js";
import { insertPendingOrder, setOrderStatus } from "../orders/order-status.js";
import {
  loadOrder,
  loadOrderWithToken,
  type OrderRow,
  renderOrderStatus,
} from "../orders/order-view.js";
import { checkCheckoutAnswers, needsAttendees } from "../questions/answers.js";
import { appendTimeline } from "../timeline/timeline.js";
import { atProvider } from "./at-provider.js";
import { closeAtProvider, openAttempts } from "./close-at-provider.js";

/**
 * Check the attendees against the hold: exactly one per held seat and per tier. Required when
 * the event collects attendees; optional otherwise (tickets then carry the buyer's name).
 */
export function checkAttendees(
  attendees: CheckoutRequest["attendees"],
  items: readonly Pick<HoldItemRow, "tier_id" | "quantity">[],
  required: boolean,
): FieldError[] {
  if (!attendees)
    return required ? [{ path: "attendees", message: "give one attendee per ticket" }] : [];
  const seats = items.reduce((sum, i) => sum + i.quantity, 0);
  if (attendees.length !== seats)
    return [{ path: "attendees", message: `expected ${seats} attendees, one per ticket` }];
  const left = new Map(items.map((i) => [i.tier_id, i.quantity]));
  const errors: FieldError[] = [];
  for (const [index, attendee] of attendees.entries()) {
    const count = left.get(attendee.tierId) ?? 0;
    if (count <= 0)
      errors.push({ path: `attendees.${index}.tierId`, message: "not a held ticket" });
    else left.set(attendee.tierId, count - 1);
  }
  return errors;
}

/**
 * What the payment page shows the buyer: the event's name, then one line per tier bought
 * ("2 × Standing"), as the hold had them.
 */
async function paymentDescription(tx: Queryable, orderId: string, eventName: string) {
  const rows = await tx.query<{ name: string; quantity: number }>(
    `select t.name, i.quantity from admit_orders o
       join admit_hold_items i on i.hold_id = o.hold_id
       join admit_tiers t on t.event_id = i.event_id and t.id = i.tier_id
     where o.id = $1 order by i.position`,
    [orderId],
  );
  const lines = [eventName, ...rows.map((r) => `${r.quantity} × ${r.name}`)];
  // Providers cap descriptions (the sandbox at 500 characters): the lines that fit, in order.
  while (lines.length > 1 && lines.join("\n").length > 500) lines.pop();
  return lines.join("\n");
}

/**
 * Ask the provider for a payment for the order's latest attempt, inside the transaction that
 * created the attempt: when the provider is unreachable the whole transaction rolls back and a
 * retry finds nothing half-created (502 `provider_unavailable`).
 */
export async function requestPayment(
  ctx: KitContext,
  tx: Queryable,
  order: Pick<
    OrderRow,
    "id" | "event_id" | "total_amount" | "currency" | "buyer_email" | "reference" | "expires_at"
  >,
  publicUrl: string,
  returnUrl: string,
  eventName: string,
  actor: Actor = SYSTEM.buyer,
): Promise<{ paymentId: string; paymentUrl: string; providerReference: string }> {
  const provider = ctx.defaultProvider;
  const paymentId = newId("payment");
  await tx.query(
    `insert into admit_payment_attempts (id, order_id, provider, status, amount, currency, return_url)
     values ($1, $2, $3, 'requested', $4, $5, $6)`,
    [paymentId, order.id, provider.name, order.total_amount, order.currency, returnUrl],
  );
  const created = await atProvider(
    async () =>
      provider.createPayment(
        {
          paymentId,
          orderId: order.id,
          amount: { amount: order.total_amount, currency: order.currency },
          expiresAt: order.expires_at,
          returnUrl: `${publicUrl}/return/${order.id}`,
          webhookUrl: `${publicUrl}/webhooks/${provider.name}`,
          description: await paymentDescription(tx, order.id, eventName),
          buyerEmail: order.buyer_email,
          ...(order.reference ? { reference: order.reference } : {}),
          eventId: order.event_id,
        },
        { idempotencyKey: paymentId },
      ),
    "The payment provider did not answer; try again",
  );
  await tx.query(
    "update admit_payment_attempts set provider_reference = $2, payment_url = $3, updated_at = now() where id = $1",
    [paymentId, created.providerReference, created.paymentUrl],
  );
  await appendTimeline(tx, {
    type: "payment.requested",
    actor,
    orderId: order.id,
    data: {
      paymentId,
      provider: provider.name,
      providerReference: created.providerReference,
      amount: order.total_amount,
    },
  });
  return {
    paymentId,
    paymentUrl: created.paymentUrl,
    providerReference: created.providerReference,
  };
}

/**
 * `POST /holds/:holdId/checkout`: turn an active hold into a `pending_payment` order with its
 * first payment attempt. The total comes from the prices stored with the hold, never the client.
 */
export async function checkout(
  ctx: KitContext,
  holdId: string,
  token: string | undefined,
  input: CheckoutRequest,
  publicUrl: string,
): Promise<Checkout> {
  return ctx.store.transaction(async (tx) => {
    const hold = await expireHoldIfDue(tx, await loadHoldWithToken(tx, holdId, token, true));
    if (hold.status !== "active")
      throw new AdmitError("hold_not_active", `The hold is ${hold.status}; hold seats again`, {
        holdStatus: hold.status,
      });
    const event = await loadEvent(tx, hold.event_id);
    const items = await loadHoldItems(tx, hold.id);
    const tierIds = items.map((i) => i.tier_id);
    const required = event.collect_attendees || needsAttendees(event.questions, tierIds);
    const errors = checkAttendees(input.attendees, items, required);
    if (errors.length > 0)
      throw new AdmitError("invalid_request", "The attendees do not match the hold", { errors });
    const answered = checkCheckoutAnswers(event.questions, input, tierIds);
    if (answered.errors.length > 0)
      throw new AdmitError("invalid_request", "Some answers are missing or invalid", {
        errors: answered.errors,
      });
    const orderId = newId("order");
    const orderToken = newToken();
    // What the hold priced (promo code, fees, exclusive tax), never recomputed from the items.
    const total = Number(hold.total_amount);
    await insertPendingOrder(tx, {
      id: orderId,
      eventId: hold.event_id,
      holdId: hold.id,
      tokenHash: hashToken(orderToken),
      totalAmount: total,
      currency: hold.currency,
      buyer: input.buyer,
      attendees: answered.attendees ?? [],
      answers: answered.answers,
      reference: input.reference ?? null,
      returnUrl: input.returnUrl,
      expiresAt: hold.expires_at,
    });
    await setHoldStatus(tx, hold, "converted");
    await appendTimeline(tx, {
      type: "order.created",
      actor: SYSTEM.buyer,
      orderId,
      holdId: hold.id,
      eventId: hold.event_id,
      data: {
        status: "pending_payment",
        total,
        currency: hold.currency,
        items: items.map((i) => ({ tierId: i.tier_id, quantity: i.quantity })),
      },
    });
    const order = (await loadOrder(tx, orderId))!;
    const payment = await requestPayment(ctx, tx, order, publicUrl, input.returnUrl, event.name);
    await enqueueOrderNotification(tx, orderId);
    return {
      order: await renderOrderStatus(tx, order),
      orderToken,
      paymentUrl: payment.paymentUrl,
      paymentExpiresAt: hold.expires_at.toISOString(),
    };
  });
}

/**
 * `POST /orders/:orderId/payments`: a new attempt for the same order after a decline. Only
 * `failed` or `pending_payment` orders whose hold has not expired are payable (409 otherwise).
 * The new attempt supersedes the order's open ones: after commit they are closed at the
 * provider where it allows (otherwise `payment.left_open` on the timeline), so the buyer cannot
 * pay the order twice; a payment that still arrives on one is flagged as `payment.extra`.
 */
export async function newPaymentAttempt(
  ctx: KitContext,
  orderId: string,
  token: string | undefined,
  returnUrl: string | undefined,
  publicUrl: string,
): Promise<Checkout> {
  const { answer, superseded } = await ctx.store.transaction(async (tx) => {
    await loadOrderWithToken(tx, orderId, token);
    const order = (await loadOrder(tx, orderId, true))!;
    const payable =
      (order.status === "failed" || order.status === "pending_payment") &&
      order.expires_at > order.db_now;
    if (!payable)
      throw new AdmitError(
        "order_not_payable",
        `The order is ${order.status}${order.expires_at <= order.db_now ? " and its hold expired" : ""}`,
        {
          orderStatus: order.status,
        },
      );
    const event = await loadEvent(tx, order.event_id);
    const target = returnUrl ?? order.return_url;
    if (returnUrl)
      await tx.query("update admit_orders set return_url = $2 where id = $1", [
        order.id,
        returnUrl,
      ]);
    const payment = await requestPayment(ctx, tx, order, publicUrl, target, event.name);
    if (order.status === "failed")
      await setOrderStatus(tx, order, "pending_payment", SYSTEM.buyer, "new payment attempt", {
        paymentId: payment.paymentId,
      });
    const updated = (await loadOrder(tx, order.id))!;
    const answer: Checkout = {
      order: await renderOrderStatus(tx, updated),
      orderToken: token!,
      paymentUrl: payment.paymentUrl,
      paymentExpiresAt: order.expires_at.toISOString(),
    };
    return { answer, superseded: await openAttempts(tx, order.id, payment.paymentId) };
  });
  // After commit, as for a cancel: a payment confirming meanwhile finds the new attempt in place.
  for (const attempt of superseded) await closeAtProvider(ctx, attempt);
  return answer;
}
