import type { OrderStatusCode, Reconciliation } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import {
  isPaymentProviderError,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderPaymentStatus,
} from "../../providers/payment-provider.js";
import { loadEvent } from "../events/event-view.js";
import type { KitContext } from "../kit-context.js";
import { PAID } from "../orders/order-status.js";
import { atProvider } from "../payments/at-provider.js";
import type { AttemptRow } from "../payments/attempt-row.js";
import { payingAttempts } from "../payments/paying-attempts.js";
import { breakdownTotals } from "../pricing/breakdown-totals.js";

export type Mismatch = Reconciliation["mismatches"][number];

/** Provider lookups running at once for one reconciliation. */
const LOOKUP_CONCURRENCY = 4;

const CAPTURED: ReadonlySet<string> = new Set(["captured", "partially_refunded", "refunded"]);
const MONEY: ReadonlySet<string> = new Set([...CAPTURED, "authorized"]);
// Money a payment still holds (not given back in full).
const HOLDS_MONEY: ReadonlySet<string> = new Set(["authorized", "captured", "partially_refunded"]);

/** A payment attempt as reconciliation reads it, with its order's status and what the kit refunded. */
/** An attempt the provider knows about, with its order's status and what was refunded of it. */
interface ReportedAttempt extends AttemptRow {
  provider_reference: string;
  order_status: OrderStatusCode;
  refunded: number;
}

/**
 * How a status compares: money states exactly; `requested` on its own; the states that ended
 * without money (failed, voided, expired) as one, since providers name them differently
 * (Stripe reports a voided open session as expired).
 */
function statusClass(status: ProviderPaymentStatus): string {
  if (MONEY.has(status) || status === "requested") return status;
  return "ended_unpaid";
}

/** Run `work` over `items`, at most `limit` at once, answers in order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The provider's view of an attempt; `undefined` when the provider does not know it (404). */
async function lookUp(
  provider: PaymentProvider | undefined,
  reference: string,
): Promise<ProviderPayment | undefined> {
  if (!provider) return undefined;
  try {
    return await provider.getPayment(reference);
  } catch (error) {
    if (isPaymentProviderError(error) && error.status === 404) return undefined;
    if (isPaymentProviderError(error))
      throw new AdmitError(
        "provider_unavailable",
        `The payment provider ${provider.name} did not answer; reconcile again later`,
        {},
        { cause: error },
      );
    throw error;
  }
}

/** Compare one local attempt with the provider's view of it. */
function compareAttempt(attempt: ReportedAttempt, remote: ProviderPayment | undefined): Mismatch[] {
  const ids = {
    orderId: attempt.order_id,
    paymentId: attempt.id,
    providerReference: attempt.provider_reference,
  };
  if (!remote)
    return [{ kind: "status_mismatch", ...ids, detail: `${attempt.provider} does not know it` }];
  const found: Mismatch[] = [];
  if (statusClass(attempt.status) !== statusClass(remote.status))
    found.push({
      kind: "status_mismatch",
      ...ids,
      detail: `recorded ${attempt.status}, ${attempt.provider} says ${remote.status}`,
    });
  if (CAPTURED.has(remote.status)) {
    if (remote.amount.amount !== attempt.amount || remote.amount.currency !== attempt.currency)
      found.push({
        kind: "amount_mismatch",
        ...ids,
        detail: `recorded ${attempt.amount} ${attempt.currency}, ${attempt.provider} captured ${remote.amount.amount} ${remote.amount.currency}`,
      });
    const refunded = remote.amountRefunded?.amount;
    if (refunded !== undefined && refunded !== attempt.refunded)
      found.push({
        kind: "amount_mismatch",
        ...ids,
        detail: `recorded ${attempt.refunded} refunded, ${attempt.provider} refunded ${refunded}`,
      });
  }
  return found;
}

/** One page of an event's reconciliation: some orders' attempts, the providers' view, mismatches. */
export interface ReconciliationPage {
  attempts: ReportedAttempt[];
  /** The provider's view of each attempt (same index); `undefined`: the provider does not know it. */
  remote: (ProviderPayment | undefined)[];
  /** The attempt that paid each order of the page (see `payingAttempts`). */
  paying: Map<string, string>;
  mismatches: Mismatch[];
}

/** Orders per page: their attempts are looked up at the providers page by page. */
const ORDERS_PER_PAGE = 100;

/**
 * The event's payment attempts with a provider reference, compared with the providers, a page
 * of orders at a time (by order id), so a large event is never held in memory at once.
 */
export async function* reconcileAttempts(
  ctx: KitContext,
  eventId: string,
  ordersPerPage = ORDERS_PER_PAGE,
): AsyncGenerator<ReconciliationPage> {
  let after = "";
  for (;;) {
    const orders = await ctx.store.query<{ order_id: string }>(
      `select distinct a.order_id from admit_payment_attempts a join admit_orders o on o.id = a.order_id
       where o.event_id = $1 and a.provider_reference is not null and a.order_id > $2
       order by a.order_id limit $3`,
      [eventId, after, ordersPerPage],
    );
    if (orders.length === 0) return;
    after = orders.at(-1)!.order_id;
    const attempts = await ctx.store.query<ReportedAttempt>(
      `select a.id, a.order_id, a.provider, a.status, a.amount::bigint as amount, a.currency,
         a.provider_reference, o.status as order_status,
         (select coalesce(sum(r.amount), 0) from admit_refunds r
          where r.payment_id = a.id and r.status = 'succeeded')::bigint as refunded
       from admit_payment_attempts a join admit_orders o on o.id = a.order_id
       where a.order_id = any($1::text[]) and a.provider_reference is not null
       order by a.order_id, a.created_at, a.id`,
      [orders.map((o) => o.order_id)],
    );
    for (const a of attempts) {
      a.amount = Number(a.amount);
      a.refunded = Number(a.refunded);
    }
    const remote = await mapLimited(attempts, LOOKUP_CONCURRENCY, (a) =>
      lookUp(ctx.providers.get(a.provider), a.provider_reference),
    );
    const paying = await payingAttempts(
      ctx.store,
      orders.map((o) => o.order_id),
    );
    yield {
      attempts,
      remote,
      paying,
      mismatches: [
        ...compareAttempts(attempts, remote),
        ...extraPayments(ctx, attempts, remote, paying),
      ],
    };
  }
}

/** Each attempt against the provider; `paid_without_capture` once per order paid locally only. */
function compareAttempts(
  attempts: readonly ReportedAttempt[],
  remote: readonly (ProviderPayment | undefined)[],
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const capturedOrders = new Set(
    attempts.filter((_, i) => CAPTURED.has(remote[i]?.status ?? "")).map((a) => a.order_id),
  );
  const flaggedOrders = new Set<string>();
  for (const [i, attempt] of attempts.entries()) {
    const paidLocally = PAID.has(attempt.order_status);
    if (paidLocally && !capturedOrders.has(attempt.order_id)) {
      // Reported once per order, on the attempt the kit recorded as captured (or the first).
      const recorded = attempts.find(
        (a) => a.order_id === attempt.order_id && CAPTURED.has(a.status),
      );
      if ((recorded ?? attempt) === attempt && !flaggedOrders.has(attempt.order_id)) {
        flaggedOrders.add(attempt.order_id);
        mismatches.push({
          kind: "paid_without_capture",
          orderId: attempt.order_id,
          paymentId: attempt.id,
          providerReference: attempt.provider_reference,
          detail: `the order is ${attempt.order_status}; ${attempt.provider} says ${remote[i]?.status ?? "unknown payment"}`,
        });
      }
      continue;
    }
    mismatches.push(...compareAttempt(attempt, remote[i]));
  }
  return mismatches;
}

/** Money captured and refunded per provider, as the kit recorded it (every configured provider listed). */
export class ProviderTotals {
  readonly #totals: Map<string, { captured: number; refunded: number }>;

  constructor(ctx: KitContext) {
    this.#totals = new Map(
      ctx.options.providers.map((p) => [p.name, { captured: 0, refunded: 0 }]),
    );
  }

  add(attempts: readonly ReportedAttempt[]): void {
    for (const a of attempts) {
      const total = this.#totals.get(a.provider) ?? { captured: 0, refunded: 0 };
      if (CAPTURED.has(a.status)) total.captured += a.amount;
      total.refunded += a.refunded;
      this.#totals.set(a.provider, total);
    }
  }

  list(currency: string): Reconciliation["providers"] {
    return [...this.#totals].map(([provider, t]) => ({
      provider,
      captured: { amount: t.captured, currency },
      refunded: { amount: t.refunded, currency },
    }));
  }
}

/**
 * `GET /admin/events/:eventId/reconciliation`: tickets sold, entries and refunds, money captured
 * and refunded per provider (as recorded), and every mismatch with the providers. Costs one
 * provider lookup per payment attempt of the event (4 at a time) plus, per provider that can
 * list payments, one listing of the event's payments since the event was created.
 */
export async function getReconciliation(ctx: KitContext, eventId: string): Promise<Reconciliation> {
  const event = await loadEvent(ctx.store, eventId);
  const [tickets] = await ctx.store.query<{ sold: number; entries: number; refunded: number }>(
    `select count(*)::int as sold,
       count(*) filter (where k.checked_in_at is not null)::int as entries,
       count(*) filter (where o.status = 'refunded' or exists (
         select 1 from admit_refunds r where r.order_id = k.order_id and r.status = 'succeeded'
           and r.ticket_ids ? k.id))::int as refunded
     from admit_tickets k join admit_orders o on o.id = k.order_id where k.event_id = $1`,
    [event.id],
  );
  const totals = new ProviderTotals(ctx);
  const mismatches: Mismatch[] = [];
  for await (const page of reconcileAttempts(ctx, event.id)) {
    totals.add(page.attempts);
    mismatches.push(...page.mismatches);
  }
  mismatches.push(...(await paymentsWithoutOrder(ctx, event.id)));
  return {
    eventId: event.id,
    ticketsSold: tickets!.sold,
    entries: tickets!.entries,
    ticketsRefunded: tickets!.refunded,
    providers: totals.list(event.currency),
    breakdown: await breakdownTotals(ctx.store, event.id),
    mismatches,
  };
}

/**
 * Payments beyond the one that paid their order (a superseded attempt or replaced link paid
 * too) that still hold money at the provider: each is an `amount_mismatch` to refund, until that
 * payment itself is refunded, whatever happened to the order's own payment (refunding the order
 * returns the order's money, not this one). The paying attempt is the one `order.paid` names,
 * else the first the kit recorded as captured, else the first holding money.
 */
function extraPayments(
  ctx: KitContext,
  attempts: readonly ReportedAttempt[],
  remote: readonly (ProviderPayment | undefined)[],
  paidBy: ReadonlyMap<string, string>,
): Mismatch[] {
  const holding = new Map<string, { attempt: ReportedAttempt; payment: ProviderPayment }[]>();
  for (const [i, attempt] of attempts.entries()) {
    const payment = remote[i];
    if (!payment || !HOLDS_MONEY.has(payment.status)) continue;
    holding.set(attempt.order_id, [...(holding.get(attempt.order_id) ?? []), { attempt, payment }]);
  }
  if (ctx.options.unsafeOldExtraPaymentRule)
    for (const [orderId, held] of holding) if (held.length < 2) holding.delete(orderId);
  return [...holding].flatMap(([orderId, held]) => {
    const payingId = paidBy.get(orderId) ?? held[0]!.attempt.id;
    return held
      .filter((h) => h.attempt.id !== payingId)
      .map(({ attempt, payment }) => ({
        kind: "amount_mismatch" as const,
        orderId,
        paymentId: attempt.id,
        providerReference: attempt.provider_reference,
        detail: `${attempt.provider} holds ${payment.amount.amount} ${payment.amount.currency} (${payment.status}) on this payment too; ${payingId} paid the order, so refund this one`,
      }));
  });
}

/**
 * Payments with money (authorized, captured, refunded) that a provider holds for this event and
 * no local payment attempt knows, e.g. a checkout whose transaction rolled back after the
 * provider had created the payment. Only providers with `listPayments` can tell.
 */
export async function paymentsWithoutOrder(ctx: KitContext, eventId: string): Promise<Mismatch[]> {
  const [since] = await ctx.store.query<{ created_at: Date }>(
    "select created_at from admit_events where id = $1",
    [eventId],
  );
  const found: Mismatch[] = [];
  for (const provider of ctx.options.providers) {
    if (!provider.listPayments) continue;
    const listed = await atProvider(
      () => provider.listPayments!({ eventId, createdFrom: since!.created_at }),
      `The payment provider ${provider.name} did not list its payments; reconcile again later`,
    );
    const withMoney = listed.filter((p) => MONEY.has(p.status));
    if (withMoney.length === 0) continue;
    const known = await ctx.store.query<{ provider_reference: string }>(
      "select provider_reference from admit_payment_attempts where provider = $1 and provider_reference = any($2::text[])",
      [provider.name, withMoney.map((p) => p.providerReference)],
    );
    const knownRefs = new Set(known.map((k) => k.provider_reference));
    for (const payment of withMoney) {
      if (knownRefs.has(payment.providerReference)) continue;
      found.push({
        kind: "payment_without_order",
        ...(payment.paymentId ? { paymentId: payment.paymentId } : {}),
        providerReference: payment.providerReference,
        detail: `${provider.name} holds a ${payment.status} payment of ${payment.amount.amount} ${payment.amount.currency}${payment.orderId ? ` for ${payment.orderId}` : ""} that no local order knows`,
      });
    }
  }
  return found;
}
