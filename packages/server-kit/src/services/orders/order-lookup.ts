import type { OrderStatus } from "@admit/client/contract";
import { tokenMatches } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import { expireRequestedAttempts } from "../payments/attempt-status.js";
import { applyProviderPayment } from "../payments/payment-confirmation.js";
import { setOrderStatuses } from "./order-status.js";
import {
  loadOrderWithToken,
  type OrderStatusRow,
  renderOrderStatus,
  STATUS_COLUMNS,
  TICKETS_JSON,
  ticketsFromJson,
} from "./order-view.js";

/**
 * Orders a provider lookup may still move: pending ones, and failed ones whose payment window is
 * open, since a provider may take a payment on the same attempt after a decline (Stripe lets the
 * buyer retry on the same Checkout page) and that webhook may be lost.
 */
export const LOOKUP_STATUSES = `(o.status = 'pending_payment' or (o.status = 'failed' and o.expires_at > now()))`;
// Attempts the provider may still turn into money; a voided or expired one is closed for good.
const OPEN_AT_PROVIDER = `a.status in ('requested', 'authorized', 'failed')`;

/** What a lookup did: expiring an order is only safe after `changed`, `answered` or `none`. */
export type LookupOutcome = "changed" | "answered" | "none" | "throttled" | "unreachable";

interface LookupTarget {
  provider: string;
  provider_reference: string;
}

/** The order's latest attempt that the provider may still turn into money, if any. */
async function lookupTarget(q: Queryable, orderId: string): Promise<LookupTarget | undefined> {
  const [row] = await q.query<LookupTarget>(
    `select a.provider, a.provider_reference from admit_payment_attempts a join admit_orders o on o.id = a.order_id
     where a.order_id = $1 and a.provider_reference is not null and ${OPEN_AT_PROVIDER} and ${LOOKUP_STATUSES}
     order by a.created_at desc, a.id desc limit 1`,
    [orderId],
  );
  return row;
}

/**
 * Claim this order's provider lookup: at most one per `intervalMs` per order across every
 * process (a conditional UPDATE on `last_lookup_at`), and only once its latest attempt is older
 * than `minAgeMs`. One more is always allowed once a pending order's window is over and it was
 * not looked up since: the final lookup before it expires, so a throttle never expires an order
 * whose payment only the provider knows about.
 */
async function claimLookup(
  q: Queryable,
  orderId: string,
  minAgeMs: number,
  intervalMs: number,
): Promise<boolean> {
  const rows = await q.query(
    `update admit_orders o set last_lookup_at = now()
     where o.id = $1 and ${LOOKUP_STATUSES}
       and ((o.status = 'pending_payment' and o.expires_at <= now()
             and (o.last_lookup_at is null or o.last_lookup_at < o.expires_at))
         or ((select max(a.created_at) from admit_payment_attempts a where a.order_id = o.id)
               <= now() - $2 * interval '1 millisecond'
             and (o.last_lookup_at is null or o.last_lookup_at <= now() - $3 * interval '1 millisecond')))
     returning o.id`,
    [orderId, minAgeMs, intervalMs],
  );
  return rows.length > 0;
}

/**
 * Look the order's latest open payment up at its provider and apply the answer (same rules as
 * webhooks). A buyer's poll waits until the attempt is `lookupAfterMs` old; reconciliation
 * (`minAgeMs: 0`) does not. Both respect the per-order interval, except for the final lookup
 * of an order whose window is over.
 */
export async function lookUpPayment(
  ctx: KitContext,
  orderId: string,
  minAgeMs = ctx.options.lookupAfterMs,
): Promise<LookupOutcome> {
  const target = await lookupTarget(ctx.store, orderId);
  const provider = target && ctx.providers.get(target.provider);
  if (!target || !provider) return "none";
  if (!(await claimLookup(ctx.store, orderId, minAgeMs, ctx.options.lookupAfterMs)))
    return "throttled";
  try {
    const payment = await provider.getPayment(target.provider_reference);
    return (await applyProviderPayment(ctx, provider, payment, { kind: "lookup" }))
      ? "changed"
      : "answered";
  } catch (error) {
    // The provider being down must not break polling; the next poll or reconcile tries again.
    ctx.options.onError(error);
    return "unreachable";
  }
}

/** Whether an order may expire after this lookup: not while the provider's answer is unknown. */
export function mayExpireAfter(outcome: LookupOutcome): boolean {
  return outcome !== "throttled" && outcome !== "unreachable";
}

/**
 * Expire the given pending orders whose hold expired with nothing paid (database clock); others
 * are left as they are. Callers look each one up at its provider first.
 */
export async function expireDueOrders(
  ctx: KitContext,
  orderIds: readonly string[],
): Promise<number> {
  if (orderIds.length === 0) return 0;
  return ctx.store.transaction(async (tx) => {
    const due = await setOrderStatuses(tx, orderIds, ["pending_payment"], "expired", {
      where: "expires_at <= now()",
      actor: SYSTEM.expiry,
      reason: "payment window over",
    });
    if (due.length > 0) await expireRequestedAttempts(tx, due);
    return due.length;
  });
}

// The poll's statement, built once: the same string every call (the store finds its prepared
// statement by the text, and a string built anew would be hashed and compared anew each time).
const POLL_SQL = `select ${STATUS_COLUMNS.map((c) => `o.${c}`).join(", ")}, now() as db_now,
       (select max(a.created_at) from admit_payment_attempts a where a.order_id = o.id) as last_attempt_at,
       ${TICKETS_JSON}
     from admit_orders o where o.id = $1`;

/**
 * `GET /orders/:orderId`: the buyer's poll. A pending order waiting past `lookupAfterMs` (or a
 * failed one still in its window) is looked up at the provider, so a lost webhook never strands
 * it; a pending order whose window is over is looked up once more, then expired if nothing was
 * paid. `onChange` is called when the poll changed the order (seats may have come back).
 */
export async function getOrderStatus(
  ctx: KitContext,
  orderId: string,
  token: string | undefined,
  onChange?: () => void,
): Promise<OrderStatus> {
  // One round trip for the usual poll: the order, its latest attempt's time (most polls come
  // too early for a lookup, and this tells without asking; claimLookup stays the one that
  // decides, across processes) and its tickets.
  // Only the columns the answer needs: the rest (buyer, attendees) would be parsed for nothing.
  const [found] = await ctx.store.query<
    OrderStatusRow & {
      last_attempt_at: Date | null;
      tickets: Parameters<typeof ticketsFromJson>[0];
    }
  >(POLL_SQL, [orderId]);
  if (!found || !tokenMatches(token, found.token_hash))
    throw new AdmitError("not_found", "No such order");
  const { tickets, ...order } = found;
  if (
    order.status === "pending_payment" ||
    (order.status === "failed" && order.expires_at > order.db_now)
  ) {
    const outcome = lookupMayBeDue(ctx, order) ? await lookUpPayment(ctx, order.id) : "throttled";
    const expired =
      order.status === "pending_payment" &&
      order.expires_at <= order.db_now &&
      mayExpireAfter(outcome)
        ? await expireDueOrders(ctx, [order.id])
        : 0;
    if (outcome === "changed" || expired > 0) {
      onChange?.();
      return renderOrderStatus(ctx.store, await loadOrderWithToken(ctx.store, orderId, token));
    }
  }
  return renderOrderStatus(ctx.store, order, ticketsFromJson(tickets));
}

/**
 * Whether {@link claimLookup} could claim this order's lookup now (the same conditions, on the
 * row already read): when not, a poll skips the two statements a lookup attempt costs.
 */
function lookupMayBeDue(
  ctx: KitContext,
  order: OrderStatusRow & { last_attempt_at: Date | null },
): boolean {
  const now = order.db_now.getTime();
  const last = order.last_lookup_at?.getTime();
  const finalLookup =
    order.status === "pending_payment" &&
    order.expires_at.getTime() <= now &&
    (last === undefined || last < order.expires_at.getTime());
  const attemptOldEnough =
    order.last_attempt_at !== null &&
    order.last_attempt_at.getTime() <= now - ctx.options.lookupAfterMs;
  return (
    finalLookup ||
    (attemptOldEnough && (last === undefined || last <= now - ctx.options.lookupAfterMs))
  );
}
