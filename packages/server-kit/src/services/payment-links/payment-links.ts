import type { Actor, FieldError, PaymentLink, PaymentLinkRequest } from "@admit/client/contract";
import { hashToken, newId, newToken } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { type EventRow, loadEvent } from "../events/event-view.js";
import { checkSeatsLeft, insertHold, loadHoldItems, lockAndCheckTiers } from "../holds/holds.js";
import type { KitContext } from "../kit-context.js";
import { AWAITING_PAYMENT, insertPendingOrder, setOrderStatus } from "../orders/order-status.js";
import { loadOrder, type OrderRow } from "../orders/order-view.js";
import { checkAttendees, requestPayment } from "../payments/checkout.js";
import { type AttemptToClose, closeAtProvider } from "../payments/close-at-provider.js";
import { appendTimeline } from "../timeline/timeline.js";
import { getPaymentLink, type LinkRow } from "./payment-link-view.js";

/** A link's `expiresAt` may not be sooner than this: the buyer needs time to open it. */
export const MIN_LINK_LIFETIME_MS = 5 * 60_000;
/** The hold behind a link order; no buyer's IP, so no per-client cap counts it. */
const LINK_CLIENT_KEY = "admin:payment-link";

function invalid(path: string, message: string): AdmitError {
  return new AdmitError("invalid_request", "The request is not valid; see errors", {
    errors: [{ path, message }] satisfies FieldError[],
  });
}

/**
 * The link's expiry from the request (or `paymentLinks.ttl`), by the database's clock: at least
 * {@link MIN_LINK_LIFETIME_MS} and at most `paymentLinks.maxTtl` ahead (422 otherwise), then
 * shortened to what the provider accepts (Stripe Checkout: 24 h), so the answer never promises
 * a page the provider has already closed.
 */
function linkExpiry(ctx: KitContext, requested: string | undefined, now: Date): Date {
  const { ttl, maxTtl } = ctx.options.paymentLinks;
  const wanted = requested ? new Date(requested) : new Date(now.getTime() + ttl);
  if (wanted.getTime() < now.getTime() + MIN_LINK_LIFETIME_MS)
    throw invalid("expiresAt", `must be at least ${MIN_LINK_LIFETIME_MS / 60_000} minutes ahead`);
  if (wanted.getTime() > now.getTime() + maxTtl)
    throw invalid("expiresAt", `must be at most ${Math.floor(maxTtl / 3_600_000)} hours ahead`);
  return withinProviderLimit(ctx, wanted, now);
}

/** `wanted`, shortened to the longest payment window the default provider accepts. */
export function withinProviderLimit(ctx: KitContext, wanted: Date, now: Date): Date {
  const providerMax = ctx.defaultProvider.maxPaymentLifetimeMs;
  return providerMax === undefined
    ? wanted
    : new Date(Math.min(wanted.getTime(), now.getTime() + providerMax));
}

/** Where the buyer lands after paying by link. */
export function linkReturnUrl(ctx: KitContext, publicUrl: string): string {
  const [firstOrigin] = ctx.options.allowedOrigins;
  return ctx.options.paymentLinks.returnUrl ?? `${firstOrigin ?? publicUrl}/`;
}

/**
 * The open order of an earlier link with this reference for this event (`pending_payment` or
 * `failed`, not yet expired), locked; that is "the same order" a new link replaces the link of.
 */
async function findOpenLinkOrder(
  tx: Queryable,
  eventId: string,
  reference: string,
): Promise<OrderRow | undefined> {
  const [row] = await tx.query<{ order_id: string }>(
    `select l.order_id from admit_payment_links l join admit_orders o on o.id = l.order_id
     where l.event_id = $1 and l.reference = $2 and o.status in ('pending_payment', 'failed')
       and o.expires_at > now()
     order by l.created_at desc limit 1`,
    [eventId, reference],
  );
  if (!row) return undefined;
  const order = await loadOrder(tx, row.order_id, true);
  return order && ["pending_payment", "failed"].includes(order.status) ? order : undefined;
}

/**
 * A new `pending_payment` order whose hold keeps its seats until `expiresAt`, checked like a
 * hold. A waitlist offer (`forWaitlist`) is not checked against the seats set aside for waiting
 * entries: its entry is the one they were set aside for, and the caller counted them.
 */
export async function createLinkOrder(
  ctx: KitContext,
  tx: Queryable,
  event: EventRow,
  input: Omit<PaymentLinkRequest, "eventId">,
  expiresAt: Date,
  returnUrl: string,
  actor: Actor,
  forWaitlist = false,
): Promise<OrderRow> {
  const tiers = await lockAndCheckTiers(ctx, tx, event, input.items);
  const items = input.items.map((i) => ({ tier_id: i.tierId, quantity: i.quantity }));
  const errors = checkAttendees(input.attendees, items, event.collect_attendees);
  if (errors.length > 0)
    throw new AdmitError("invalid_request", "The attendees do not match the items", { errors });
  if (!forWaitlist)
    checkSeatsLeft(event, input.items, tiers, !ctx.options.unsafeDisableWaitlistFirst);
  const holdId = newId("hold");
  const { total } = await insertHold(tx, {
    id: holdId,
    event,
    items: input.items,
    tiers,
    // Nobody holds this hold's token: the order is reached by its link, never by the hold.
    tokenHash: hashToken(newToken()),
    clientKey: LINK_CLIENT_KEY,
    status: "converted",
    expiresAt,
  });
  const orderId = newId("order");
  await insertPendingOrder(tx, {
    id: orderId,
    eventId: event.id,
    holdId,
    tokenHash: hashToken(newToken()),
    totalAmount: total,
    currency: event.currency,
    buyer: input.buyer,
    attendees: input.attendees ?? [],
    reference: input.reference,
    returnUrl,
    expiresAt,
  });
  await appendTimeline(tx, {
    type: "order.created",
    actor,
    orderId,
    holdId,
    eventId: event.id,
    reason: forWaitlist ? "waitlist offer" : "payment link",
    data: { status: "pending_payment", total, currency: event.currency, items: input.items },
  });
  return (await loadOrder(tx, orderId))!;
}

/**
 * Give the open order of an earlier link a new window: same items (its amount stays locked),
 * buyer and attendees as now given. Its seats are still held, so no capacity check is needed.
 */
async function renewLinkOrder(
  tx: Queryable,
  event: EventRow,
  order: OrderRow,
  input: PaymentLinkRequest,
  expiresAt: Date,
  actor: Actor,
): Promise<OrderRow> {
  const held = await loadHoldItems(tx, order.hold_id);
  const key = (items: { tierId: string; quantity: number }[]) =>
    items
      .map((i) => `${i.tierId}:${i.quantity}`)
      .sort()
      .join(",");
  if (key(held.map((i) => ({ tierId: i.tier_id, quantity: i.quantity }))) !== key(input.items))
    throw invalid(
      "items",
      `order ${order.id} with reference ${input.reference} is open with other items; cancel its link first or use another reference`,
    );
  const errors = checkAttendees(input.attendees, held, event.collect_attendees);
  if (errors.length > 0)
    throw new AdmitError("invalid_request", "The attendees do not match the items", { errors });
  await tx.query("update admit_holds set expires_at = $2 where id = $1", [
    order.hold_id,
    expiresAt,
  ]);
  await tx.query(
    `update admit_orders set expires_at = $2, buyer_name = $3, buyer_email = $4, attendees = $5,
       updated_at = now() where id = $1`,
    [
      order.id,
      expiresAt,
      input.buyer.name,
      input.buyer.email,
      JSON.stringify(input.attendees ?? order.attendees),
    ],
  );
  if (order.status === "failed")
    await setOrderStatus(tx, order, "pending_payment", actor, "new payment link", {});
  return (await loadOrder(tx, order.id))!;
}

/** Cancel the order's active links (at most one), each with its timeline entry. */
async function cancelActiveLinks(
  tx: Queryable,
  orderId: string,
  actor: Actor,
  reason: string,
): Promise<AttemptToClose[]> {
  const cancelled = await tx.query<LinkRow & AttemptToClose>(
    `update admit_payment_links l set status = 'cancelled', cancelled_at = now()
     from admit_payment_attempts a
     where l.order_id = $1 and l.status = 'active' and a.id = l.payment_id
     returning l.*, a.provider, a.provider_reference`,
    [orderId],
  );
  for (const link of cancelled)
    await appendTimeline(tx, {
      type: "payment_link.cancelled",
      actor,
      orderId,
      eventId: link.event_id,
      reason,
      data: { linkId: link.id, paymentId: link.payment_id, reference: link.reference },
    });
  return cancelled;
}

/**
 * `POST /admin/payment-links`: an order a manager or CRM creates, paid through the provider's
 * page. The server prices it from the tiers; its seats are held like a hold's (same tier locks
 * and rules) until the link expires. A link with the same `reference` for the same event as an
 * open (unpaid, unexpired) link order is a new link for that order: the old link is cancelled,
 * the order keeps its locked amount and gets the new expiry.
 */
export async function createPaymentLink(
  ctx: KitContext,
  input: PaymentLinkRequest,
  actor: Actor,
  publicUrl: string,
): Promise<PaymentLink> {
  if (new Set(input.items.map((i) => i.tierId)).size !== input.items.length)
    throw invalid("items", "list each tier once");
  const { link, replaced } = await ctx.store.transaction(async (tx) => {
    const event = await loadEvent(tx, input.eventId);
    // Two links for one reference at once must not both create an order.
    await tx.query("select pg_advisory_xact_lock(hashtext($1))", [
      `admit-link:${event.id}:${input.reference}`,
    ]);
    const expiresAt = linkExpiry(ctx, input.expiresAt, event.db_now);
    const open = await findOpenLinkOrder(tx, event.id, input.reference);
    const order = open
      ? await renewLinkOrder(tx, event, open, input, expiresAt, actor)
      : await createLinkOrder(
          ctx,
          tx,
          event,
          input,
          expiresAt,
          linkReturnUrl(ctx, publicUrl),
          actor,
        );
    const linkId = newId("paymentLink");
    const replaced = await cancelActiveLinks(tx, order.id, actor, `replaced by ${linkId}`);
    const link = await issueLink(ctx, tx, {
      linkId,
      event,
      order,
      reference: input.reference,
      actor,
      publicUrl,
      renewed: Boolean(open),
    });
    return { link, replaced };
  });
  for (const attempt of replaced) await closeAtProvider(ctx, attempt);
  return getPaymentLink(ctx.store, link.id);
}

/**
 * Ask the provider for the order's payment page and record it as the order's active link, with
 * its `payment_link.created` timeline entry, in `tx` (a provider failure rolls it all back).
 */
export async function issueLink(
  ctx: KitContext,
  tx: Queryable,
  {
    linkId,
    event,
    order,
    reference,
    actor,
    publicUrl,
    renewed,
  }: {
    linkId: string;
    event: EventRow;
    order: OrderRow;
    reference: string;
    actor: Actor;
    publicUrl: string;
    renewed: boolean;
  },
): Promise<LinkRow> {
  const payment = await requestPayment(
    ctx,
    tx,
    order,
    publicUrl,
    order.return_url,
    event.name,
    actor,
  );
  const [link] = await tx.query<LinkRow>(
    `insert into admit_payment_links (id, order_id, event_id, payment_id, reference, amount,
         currency, url, status, expires_at, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10) returning *`,
    [
      linkId,
      order.id,
      event.id,
      payment.paymentId,
      reference,
      order.total_amount,
      order.currency,
      payment.paymentUrl,
      order.expires_at,
      JSON.stringify(actor),
    ],
  );
  await appendTimeline(tx, {
    type: "payment_link.created",
    actor,
    orderId: order.id,
    eventId: event.id,
    data: {
      linkId,
      paymentId: payment.paymentId,
      reference,
      amount: order.total_amount,
      currency: order.currency,
      expiresAt: order.expires_at.toISOString(),
      ...(renewed ? { renewed: true } : {}),
    },
  });
  return link!;
}

/**
 * `DELETE /admin/payment-links/:linkId`: cancel a link. Its order, if still unpaid, is cancelled
 * and its seats are free at once; its provider payment is closed where the provider allows.
 * Cancelling a cancelled link changes nothing (204); a link whose order was paid or is in review
 * answers 409 `order_not_payable` (refund or cancel the order instead).
 */
export async function cancelPaymentLink(
  ctx: KitContext,
  linkId: string,
  actor: Actor,
): Promise<void> {
  const toClose = await ctx.store.transaction(async (tx) => {
    const [found] = await tx.query<LinkRow>("select * from admit_payment_links where id = $1", [
      linkId,
    ]);
    if (!found) throw new AdmitError("not_found", `No payment link ${linkId}`);
    // The order's lock first, as everywhere, so a payment confirming meanwhile waits or wins.
    const order = (await loadOrder(tx, found.order_id, true))!;
    const [link] = await tx.query<LinkRow>(
      "select * from admit_payment_links where id = $1 for update",
      [linkId],
    );
    if (link!.status === "cancelled") return [];
    if (!AWAITING_PAYMENT.has(order.status))
      throw new AdmitError(
        "order_not_payable",
        `The link's order is ${order.status}; refund or cancel the order instead`,
        { orderStatus: order.status },
      );
    const closing = await cancelActiveLinks(tx, order.id, actor, "payment link cancelled");
    if (order.status !== "expired")
      await setOrderStatus(tx, order, "cancelled", actor, "payment link cancelled", { linkId });
    return closing;
  });
  for (const attempt of toClose) await closeAtProvider(ctx, attempt);
}
