import type { Hold, HoldRequest } from "@admit/client/contract";
import { hashToken, newId, newToken } from "../../crypto/secrets.js";
import { type AdmitError, isAdmitError } from "../../errors/admit-error.js";
import { type EventRow, loadEvent } from "../events/event-view.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import { holdPricingView, priceWithoutCode } from "../pricing/hold-pricing.js";
import { selectTiers, type TierRow } from "./capacity.js";
import { soldOut } from "./holds.js";

/** An event's settings as this process last read them: what a hold is priced and checked with. */
interface HoldSettings {
  event: EventRow;
  tiers: ReadonlyMap<string, TierRow>;
  /** The sold-out answer as last rendered for this event (it depends on the event only). */
  soldOut?: { renderer: HoldAnswers; answer: ReturnType<HoldAnswers["soldOut"]> };
}

// Per kit (a process may run several), per event; each entry is checked against the event's
// revision by `admit_hold` itself, so it needs no age limit: a stale one costs one more trip.
const settingsByKit = new WeakMap<KitContext, Map<string, HoldSettings>>();
// Past this many events, the settings are read again from scratch.
const MAX_EVENTS = 1_000;

/** Which Idempotency-Key a request claims, and the hash of what it asks. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

/** An answer as the key keeps it. */
export interface StoredAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

/** How the HTTP layer renders the two answers a hold in one trip may keep (body as JSON). */
export interface HoldAnswers {
  created(hold: Omit<Hold, "expiresAt" | "now">): { headers: [string, string][]; body: object };
  soldOut(error: AdmitError): { headers: [string, string][]; body: object };
}

/**
 * What {@link holdInOneTrip} did: answered (a 201 or a sold-out 409, kept as the key's answer),
 * found the key's answer (`replay`; `reused` when it answered another request), found the key
 * claimed by a request still running (`in_progress`), or left the hold to the general path
 * (`general`: nothing was written).
 */
export type OneTripOutcome =
  | { outcome: "answered" | "replay" | "reused"; answer: StoredAnswer }
  | { outcome: "in_progress" }
  | { outcome: "general" };

interface AdmitHoldRow {
  outcome: "answered" | "replay" | "reused" | "in_progress" | "stale" | "general";
  status: number | null;
  headers: [string, string][] | null;
  body: string | null;
}

/**
 * `POST /holds` without a promo code in ONE statement, its own transaction (`admit_hold`,
 * migration 13): the key's claim, the sale window and the client's cap by the database clock,
 * the seats under the tiers' locks and CHECK, the hold, its timeline entry and the kept answer.
 * It prices with the event's settings as this process last read them (no read per hold); the
 * database refuses them when the event's revision moved, and they are read again once.
 *
 * With `holdCommit: "async"` (the default) the transaction commits without waiting for the
 * WAL to reach the disk (`synchronous_commit = off`, this transaction only): a crash of the
 * database server can lose the last moments of holds and their kept answers together, never
 * anything an order, a payment or a refund wrote (their commits wait, and flush these too).
 *
 * Anything unusual goes to the general path (`createHold`), which answers with the exact
 * problem: a promo code, a tier unknown or hidden, a quantity out of limits, the sale not open
 * now, the client's cap, a total too large, or seats taken between the snapshot and the lock.
 */
export async function holdInOneTrip(
  ctx: KitContext,
  input: HoldRequest,
  clientKey: string,
  claim: IdempotencyClaim,
  answers: HoldAnswers,
): Promise<OneTripOutcome> {
  // The waitlist's unsafe control switches off a guard this path has no switch for.
  if (input.promoCode !== undefined || ctx.options.unsafeDisableWaitlistFirst)
    return { outcome: "general" };
  for (let attempt = 0; attempt < 2; attempt++) {
    const settings = await holdSettings(ctx, input.eventId, attempt > 0);
    if (!settings || !simpleHold(input, settings.tiers)) return { outcome: "general" };
    let priced: ReturnType<typeof priceWithoutCode>;
    try {
      priced = priceWithoutCode(input.items, settings.tiers);
    } catch (error) {
      if (isAdmitError(error)) return { outcome: "general" };
      throw error;
    }
    const { event, tiers } = settings;
    const id = newId("hold");
    const token = newToken();
    const items = input.items.map(({ tierId, quantity }) => ({ tierId, quantity }));
    const created = answers.created({
      id,
      eventId: event.id,
      items,
      total: { amount: priced.total, currency: event.currency },
      status: "active",
      token,
      ...holdPricingView(priced.pricing),
    });
    let row: AdmitHoldRow | undefined;
    try {
      [row] = await ctx.store.query<AdmitHoldRow>(
        `select * from admit_hold($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
           $16, $17::text[], $18::int[], $19::bigint[], $20, $21, $22, $23)`,
        [
          claim.scope,
          claim.key,
          claim.requestHash,
          event.id,
          event.revision,
          clientKey,
          !ctx.options.unsafeDisablePerClientLock,
          ctx.options.maxHeldSeatsPerClient,
          id,
          hashToken(token),
          ctx.options.holdTtl,
          priced.total,
          JSON.stringify(priced.pricing),
          newId("timeline"),
          JSON.stringify(SYSTEM.buyer),
          JSON.stringify(items),
          items.map((i) => i.tierId),
          items.map((i) => i.quantity),
          items.map((i) => tiers.get(i.tierId)!.price_amount),
          !ctx.options.unsafeDisableCapacityLock,
          ctx.options.holdCommit === "async",
          ctx.store.lockTimeoutMs ?? null,
          JSON.stringify({ created, soldOut: soldOutAnswer(settings, answers) }),
        ],
      );
    } catch (error) {
      // Seats taken between the snapshot and the tiers' locks (AH409), or expired items that
      // became due meanwhile and still count against the CHECK: all undone, and the general
      // path answers (under the tiers' locks, reclaiming first).
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code === "AH409" || (code === "23514" && constraint === "admit_tiers_capacity"))
        return { outcome: "general" };
      throw error;
    }
    if (!row)
      throw new Error("@admit/server-kit: Failed to hold seats (admit_hold answered no row)");
    if (row.outcome === "stale") continue;
    if (row.outcome === "in_progress") return { outcome: "in_progress" };
    if (row.outcome === "general") return { outcome: "general" };
    return {
      outcome: row.outcome,
      answer: { status: row.status!, headers: row.headers ?? [], body: row.body! },
    };
  }
  return { outcome: "general" };
}

/** The sold-out answer for the event, rendered once per settings read. */
function soldOutAnswer(settings: HoldSettings, answers: HoldAnswers) {
  if (settings.soldOut?.renderer !== answers)
    settings.soldOut = { renderer: answers, answer: answers.soldOut(soldOut(settings.event, [])) };
  return settings.soldOut.answer;
}

/** Whether the general path's checks that need no clock all pass (else it answers the problem). */
function simpleHold(input: HoldRequest, tiers: ReadonlyMap<string, TierRow>): boolean {
  return input.items.every((item) => {
    const tier = tiers.get(item.tierId);
    return (
      tier !== undefined &&
      !tier.hidden_without_code &&
      item.quantity >= tier.min_per_order &&
      item.quantity <= tier.max_per_order
    );
  });
}

/** The event's settings as last read by this kit (`fresh`: read them now); undefined: no such event. */
async function holdSettings(
  ctx: KitContext,
  eventId: string,
  fresh: boolean,
): Promise<HoldSettings | undefined> {
  let byEvent = settingsByKit.get(ctx);
  if (!byEvent) {
    byEvent = new Map();
    settingsByKit.set(ctx, byEvent);
  }
  const known = byEvent.get(eventId);
  if (known && !fresh) return known;
  let event: EventRow;
  try {
    event = await loadEvent(ctx.store, eventId);
  } catch (error) {
    if (isAdmitError(error) && error.code === "not_found") return undefined;
    throw error;
  }
  const tiers = await selectTiers(ctx.store, eventId, null, false);
  const settings = { event, tiers: new Map(tiers.map((t) => [t.id, t])) };
  if (byEvent.size >= MAX_EVENTS) byEvent.clear();
  byEvent.set(eventId, settings);
  return settings;
}
