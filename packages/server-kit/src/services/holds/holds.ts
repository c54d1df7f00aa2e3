import type { Hold, HoldItem, HoldRequest } from "@admit/client/contract";
import { hashToken, newId, newToken, tokenMatches } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { type EventRow, loadEvent, tierSaleState } from "../events/event-view.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import {
  holdPricingView,
  priceHold,
  priceWithoutCode,
  type StoredPricing,
} from "../pricing/hold-pricing.js";
import { appendTimeline } from "../timeline/timeline.js";
import { remainingSeats, selectTiers, TIER_COLUMNS, type TierRow } from "./capacity.js";
import { holdMayBecome, setHoldStatus } from "./hold-status.js";

/** A hold row as stored, with the database clock. */
export interface HoldRow {
  id: string;
  event_id: string;
  token_hash: string;
  client_key: string;
  status: Hold["status"];
  total_amount: number;
  currency: string;
  expires_at: Date;
  created_at: Date;
  db_now: Date;
  /** What the hold charges, per line and ticket (promo code, discount, tax, fee); null on older holds. */
  pricing: StoredPricing | null;
}

export interface HoldItemRow {
  tier_id: string;
  quantity: number;
  unit_amount: number;
  tier_name: string;
  /** Whether the tier's `held` counter counts this item. */
  counted: boolean;
}

/**
 * `POST /holds`: hold seats for `holdTtl`, atomically across processes, in one transaction: the
 * client's advisory lock (per-client cap), the tiers' settings (sale window, limits, prices)
 * read without locks, the hold row and its timeline entry, and last `admit_take_seats`: the
 * tiers' row locks, `remaining = capacity - sold - held` from the counters with the database
 * clock, and the items, in one round trip. Taking the tier locks last keeps them held for the
 * fewest statements (that function, the stored answer, the commit): on a tier everyone wants,
 * that window is what bounds the holds per second.
 */
export async function createHold(
  ctx: KitContext,
  input: HoldRequest,
  clientKey: string,
): Promise<Hold> {
  return ctx.store.transaction(async (tx) => {
    // The client's advisory lock serializes one client's holds, so the per-client cap cannot be
    // raced past; it is taken with the event's read (one round trip).
    const event = ctx.options.unsafeDisablePerClientLock
      ? await loadEvent(tx, input.eventId)
      : await loadEvent(tx, input.eventId, `admit-client:${clientKey}`);
    // The tiers' settings, and (after the lock, so from a fresh snapshot) the seats the client
    // holds: active holds and the seats of its orders still waiting for payment, otherwise
    // holding, checking out and never paying would get round the cap.
    const tiers = await tx.query<TierRow & { client_held: number }>(
      `select ${TIER_COLUMNS}, admit_client_held($3) as client_held
       from admit_tiers t where t.event_id = $1 and t.id = any($2::text[]) order by t.position`,
      [event.id, input.items.map((i) => i.tierId), clientKey],
    );
    const byId = checkTiers(event, input.items, tiers);
    const requested = input.items.reduce((sum, i) => sum + i.quantity, 0);
    const clientHeld = tiers[0]?.client_held ?? 0;
    if (clientHeld + requested > ctx.options.maxHeldSeatsPerClient)
      throw new AdmitError(
        "limit_exceeded",
        `At most ${ctx.options.maxHeldSeatsPerClient} seats can be held at once; release a hold first`,
        { maxHeldSeats: ctx.options.maxHeldSeatsPerClient },
      );
    // Pricing hook: the promo code (locked, uses counted), hidden tiers, discounts, fees, taxes.
    const priced = await priceHold(ctx, tx, event.id, input.items, input.promoCode, byId);
    const total = priced.total;
    const id = newId("hold");
    const token = newToken();
    const items = input.items.map(({ tierId, quantity }) => ({ tierId, quantity }));
    const [row] = await tx.query<{ expires_at: Date; db_now: Date }>(
      `with hold as (
         insert into admit_holds (id, event_id, token_hash, client_key, status, total_amount, currency, expires_at,
           promo_code, promo_uses, pricing)
         values ($1, $2, $3, $4, 'active', $5, $6, now() + $7 * interval '1 millisecond', $11, $12, $13)
         returning expires_at),
       entry as (
         insert into admit_timeline (id, hold_id, event_id, type, actor, data)
         select $8, $1, $2, 'hold.created', $9, jsonb_build_object('items', $10::jsonb, 'total', $5::bigint,
           'expiresAt', to_char(hold.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           || jsonb_strip_nulls(jsonb_build_object('promoCode', $13::jsonb->'promoCode'))
         from hold)
       select expires_at, now() as db_now from hold`,
      [
        id,
        event.id,
        hashToken(token),
        clientKey,
        total,
        event.currency,
        ctx.options.holdTtl,
        newId("timeline"),
        JSON.stringify(SYSTEM.buyer),
        JSON.stringify(items),
        priced.promoKey,
        priced.uses,
        JSON.stringify(priced.pricing),
      ],
    );
    const short = await tx.query<{ tier_id: string; remaining: number }>(
      "select * from admit_take_seats($1, $2, $3::text[], $4::int[], $5::bigint[], $6, $7)",
      [
        id,
        event.id,
        input.items.map((i) => i.tierId),
        input.items.map((i) => i.quantity),
        input.items.map((i) => byId.get(i.tierId)!.price_amount),
        !ctx.options.unsafeDisableWaitlistFirst,
        !ctx.options.unsafeDisableCapacityLock,
      ],
    );
    if (short.length > 0)
      throw soldOut(
        event,
        short.map((t) => ({ tierId: t.tier_id, remaining: t.remaining })),
      );
    return {
      id,
      eventId: event.id,
      items,
      total: { amount: total, currency: event.currency },
      status: "active",
      expiresAt: row!.expires_at.toISOString(),
      now: row!.db_now.toISOString(),
      token,
      ...holdPricingView(priced.pricing),
    };
  });
}

/**
 * Lock the tiers of `items` (row locks, in id order) and check them: known (422), on sale (409
 * `not_on_sale`), within the per-order min/max (409 `limit_exceeded`). Answers the locked tiers.
 * Every seat reservation (holds, payment links) starts here, so they all share one protection.
 */
export async function lockAndCheckTiers(
  ctx: KitContext,
  tx: Queryable,
  event: EventRow,
  items: readonly HoldItem[],
): Promise<Map<string, TierRow>> {
  const tierIds = items.map((i) => i.tierId);
  return checkTiers(
    event,
    items,
    await selectTiers(tx, event.id, tierIds, !ctx.options.unsafeDisableCapacityLock),
  );
}

/** The checks of {@link lockAndCheckTiers} on tiers already read; answers them by id. */
function checkTiers(
  event: EventRow,
  items: readonly HoldItem[],
  tiers: readonly TierRow[],
): Map<string, TierRow> {
  const byId = new Map(tiers.map((t) => [t.id, t]));
  const unknown = items.flatMap((item, index) =>
    byId.has(item.tierId) ? [] : [{ path: `items.${index}.tierId`, message: "unknown tier" }],
  );
  if (unknown.length > 0)
    throw new AdmitError("invalid_request", "The event has no such tier", { errors: unknown });
  for (const item of items) {
    const tier = byId.get(item.tierId)!;
    if (tierSaleState(event, tier))
      throw new AdmitError("not_on_sale", `${tier.name} is not on sale now`, {
        tierId: tier.id,
      });
    if (item.quantity < tier.min_per_order || item.quantity > tier.max_per_order)
      throw new AdmitError(
        "limit_exceeded",
        `${tier.name}: choose between ${tier.min_per_order} and ${tier.max_per_order} tickets`,
        { tierId: tier.id, minPerOrder: tier.min_per_order, maxPerOrder: tier.max_per_order },
      );
  }
  return byId;
}

/**
 * `remaining = capacity - sold - held` (database clock) for every item, under the tier locks,
 * minus the seats of waiting waitlist entries when `waitlistFirst`; 409 `sold_out` when short.
 * Counting the waitlist under the same tier locks is what keeps a seat that came back from going
 * to a buyer before the waitlist was offered it.
 */
export function checkSeatsLeft(
  event: EventRow,
  items: readonly HoldItem[],
  tiers: ReadonlyMap<string, TierRow>,
  waitlistFirst: boolean,
): void {
  const short = items
    .map((item) => ({ item, remaining: remainingSeats(tiers.get(item.tierId)!, waitlistFirst) }))
    .filter(({ item, remaining }) => remaining < item.quantity);
  if (short.length > 0)
    throw soldOut(
      event,
      short.map(({ item, remaining }) => ({ tierId: item.tierId, remaining })),
    );
}

/** The 409 `sold_out` problem for the tiers that are short, naming what remains of each. */
export function soldOut(
  event: EventRow,
  short: readonly { tierId: string; remaining: number }[],
): AdmitError {
  // A host that hides counts does not want them leaked through the problem either.
  return new AdmitError(
    "sold_out",
    "Not enough seats remain",
    event.hide_remaining ? {} : { tiers: short },
  );
}

/**
 * Insert a hold and its items at the tiers' current prices, expiring `ttlMs` after the
 * database's now or at `expiresAt`. Answers the total and the expiry.
 */
export async function insertHold(
  tx: Queryable,
  hold: {
    id: string;
    event: EventRow;
    items: readonly HoldItem[];
    tiers: ReadonlyMap<string, TierRow>;
    tokenHash: string;
    clientKey: string;
    status: "active" | "converted";
  } & ({ ttlMs: number } | { expiresAt: Date }),
): Promise<{ total: number; expiresAt: Date; dbNow: Date }> {
  const { total, pricing } = priceWithoutCode(hold.items, hold.tiers);
  const [row] = await tx.query<{ expires_at: Date; db_now: Date }>(
    `insert into admit_holds (id, event_id, token_hash, client_key, status, total_amount, currency, expires_at, pricing)
     values ($1, $2, $3, $4, $5, $6, $7, coalesce($9::timestamptz, now() + $8 * interval '1 millisecond'), $10)
     returning expires_at, now() as db_now`,
    [
      hold.id,
      hold.event.id,
      hold.tokenHash,
      hold.clientKey,
      hold.status,
      total,
      hold.event.currency,
      "ttlMs" in hold ? hold.ttlMs : null,
      "expiresAt" in hold ? hold.expiresAt : null,
      JSON.stringify(pricing),
    ],
  );
  for (const [position, item] of hold.items.entries()) {
    await tx.query(
      `insert into admit_hold_items (hold_id, event_id, tier_id, position, quantity, unit_amount)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        hold.id,
        hold.event.id,
        item.tierId,
        position,
        item.quantity,
        hold.tiers.get(item.tierId)!.price_amount,
      ],
    );
  }
  return { total, expiresAt: row!.expires_at, dbNow: row!.db_now };
}

/** Load a hold if `token` is its token; a wrong token answers exactly like an unknown id. */
export async function loadHoldWithToken(
  q: Queryable,
  holdId: string,
  token: string | undefined,
  lock = false,
): Promise<HoldRow> {
  const rows = await q.query<HoldRow>(
    `select *, now() as db_now from admit_holds where id = $1${lock ? " for update" : ""}`,
    [holdId],
  );
  const hold = rows[0];
  if (!hold || !tokenMatches(token, hold.token_hash))
    throw new AdmitError("not_found", "No such hold");
  return hold;
}

export async function loadHoldItems(q: Queryable, holdId: string): Promise<HoldItemRow[]> {
  return q.query<HoldItemRow>(
    `select i.tier_id, i.quantity, i.unit_amount, coalesce(t.name, i.tier_id) as tier_name, i.counted
     from admit_hold_items i left join admit_tiers t on t.event_id = i.event_id and t.id = i.tier_id
     where i.hold_id = $1 order by i.position`,
    [holdId],
  );
}

/** Mark an active hold whose expiry passed as `expired` (a recorded change, with its timeline entry). */
export async function expireHoldIfDue(tx: Queryable, hold: HoldRow): Promise<HoldRow> {
  if (hold.status !== "active" || hold.expires_at > hold.db_now) return hold;
  const rows = await tx.query(
    `update admit_holds set status = 'expired' where id = $1 and ${holdMayBecome("expired")} and expires_at <= now() returning id`,
    [hold.id],
  );
  if (rows.length > 0)
    await appendTimeline(tx, {
      type: "hold.expired",
      actor: SYSTEM.expiry,
      holdId: hold.id,
      eventId: hold.event_id,
    });
  return { ...hold, status: "expired" };
}

/** `GET /holds/:holdId`. */
export async function getHold(
  ctx: KitContext,
  holdId: string,
  token: string | undefined,
): Promise<Hold> {
  return ctx.store.transaction(async (tx) => {
    const hold = await expireHoldIfDue(tx, await loadHoldWithToken(tx, holdId, token, true));
    const items = await loadHoldItems(tx, hold.id);
    return {
      id: hold.id,
      eventId: hold.event_id,
      items: items.map((i) => ({ tierId: i.tier_id, quantity: i.quantity })),
      total: { amount: hold.total_amount, currency: hold.currency },
      status: hold.status,
      expiresAt: hold.expires_at.toISOString(),
      now: hold.db_now.toISOString(),
      token: token!,
      ...holdPricingView(hold.pricing),
    };
  });
}

/**
 * `DELETE /holds/:holdId`: free the seats at once. Releasing a released or expired hold changes
 * nothing and still answers 204; a hold already turned into an order cannot be released.
 */
export async function releaseHold(
  ctx: KitContext,
  holdId: string,
  token: string | undefined,
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const hold = await expireHoldIfDue(tx, await loadHoldWithToken(tx, holdId, token, true));
    if (hold.status === "converted")
      throw new AdmitError(
        "hold_not_active",
        "The hold became an order; it can no longer be released",
      );
    if (hold.status !== "active") return;
    await setHoldStatus(tx, hold, "released");
    await appendTimeline(tx, {
      type: "hold.released",
      actor: SYSTEM.buyer,
      holdId: hold.id,
      eventId: hold.event_id,
    });
  });
}
