import type {
  Actor,
  PromoCode,
  PromoCodeCheck,
  PromoCodeInput,
  PromoCodeUses,
  PromoDiscount,
  PromoScope,
} from "@admit/client/contract";
import type * as z from "zod/mini";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { getEventView } from "../events/event-view.js";
import { appendTimeline } from "../timeline/timeline.js";

type ParsedPromoCodeInput = z.output<typeof PromoCodeInput>;

/** A promo code row as stored, with the database clock. */
export interface PromoCodeRow {
  event_id: string;
  code_key: string;
  code: string;
  discount: PromoDiscount | null;
  scope: PromoScope;
  tier_ids: string[] | null;
  max_uses: number | null;
  max_uses_per_order: number;
  valid_from: Date | null;
  valid_until: Date | null;
  unlocks_tier_ids: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  db_now: Date;
}

/** How codes are matched: case-insensitively, by their lower-cased text. */
export function promoCodeKey(code: string): string {
  return code.trim().toLowerCase();
}

/**
 * Whether the hold `h` (joined with its order `o`) counts against its code's uses: while it is
 * live as the tier counters see it (active, or converted into an order still open, and not
 * expired), and for good once its order was paid (a refund keeps the use; a cancelled or
 * expired order gives it back). The same status changes that give seats back give uses back.
 */
export const PROMO_USE_COUNTS = `((h.expires_at > now() and (h.status = 'active' or (h.status = 'converted'
    and coalesce(o.status in ('pending_payment', 'failed'), true))))
  or o.status in ('paid', 'manual_review', 'partially_refunded', 'refunded'))`;

/** The uses a code has now (see {@link PROMO_USE_COUNTS}). */
export async function countPromoUses(q: Queryable, eventId: string, key: string): Promise<number> {
  const [row] = await q.query<{ uses: number }>(
    `select coalesce(sum(h.promo_uses), 0)::int as uses from admit_holds h
     left join admit_orders o on o.hold_id = h.id
     where h.event_id = $1 and h.promo_code = $2 and ${PROMO_USE_COUNTS}`,
    [eventId, key],
  );
  return row!.uses;
}

/**
 * Load a code a buyer typed and check it is usable now: 422 `promo_code_unknown` (no such code,
 * or disabled), 409 `promo_code_expired` (outside its validity window, database clock), 409
 * `promo_code_used_up` (every use counted). With `lock` the row is locked `FOR UPDATE` first and
 * the uses counted after, from a fresh snapshot: holds with the same code wait for each other,
 * so a code with N uses is never used N + 1 times, across processes.
 */
export async function loadUsablePromoCode(
  q: Queryable,
  eventId: string,
  code: string,
  lock: boolean,
): Promise<{ row: PromoCodeRow; uses: number }> {
  const key = promoCodeKey(code);
  const [row] = await q.query<PromoCodeRow>(
    `select *, now() as db_now from admit_promo_codes where event_id = $1 and code_key = $2${lock ? " for update" : ""}`,
    [eventId, key],
  );
  if (!row?.enabled)
    throw new AdmitError("promo_code_unknown", "No such promo code for this event", {
      errors: [{ path: "promoCode", message: "unknown promo code" }],
    });
  if (
    (row.valid_from && row.valid_from > row.db_now) ||
    (row.valid_until && row.valid_until <= row.db_now)
  )
    throw new AdmitError("promo_code_expired", "The promo code is not valid now", {
      ...(row.valid_from ? { validFrom: row.valid_from.toISOString() } : {}),
      ...(row.valid_until ? { validUntil: row.valid_until.toISOString() } : {}),
    });
  const uses = await countPromoUses(q, eventId, key);
  if (row.max_uses !== null && uses >= row.max_uses)
    throw new AdmitError("promo_code_used_up", "The promo code has been used up");
  return { row, uses };
}

function toPromoCode(row: PromoCodeRow, uses: number): PromoCode {
  return {
    eventId: row.event_id,
    code: row.code,
    ...(row.discount ? { discount: row.discount } : {}),
    scope: row.scope,
    ...(row.tier_ids ? { tierIds: row.tier_ids } : {}),
    ...(row.max_uses !== null ? { maxUses: row.max_uses } : {}),
    maxUsesPerOrder: row.max_uses_per_order,
    ...(row.valid_from ? { validFrom: row.valid_from.toISOString() } : {}),
    ...(row.valid_until ? { validUntil: row.valid_until.toISOString() } : {}),
    unlocksTierIds: row.unlocks_tier_ids,
    enabled: row.enabled,
    uses,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Check the code's tiers exist and its amounts are in the event's currency (422 naming the field). */
async function checkInput(q: Queryable, eventId: string, input: ParsedPromoCodeInput) {
  const [event] = await q.query<{ currency: string; tiers: string[] }>(
    `select e.currency, coalesce((select array_agg(t.id) from admit_tiers t where t.event_id = e.id), '{}') as tiers
     from admit_events e where e.id = $1`,
    [eventId],
  );
  if (!event) throw new AdmitError("not_found", `No event ${eventId}`);
  const errors = [
    ...(input.tierIds ?? []).flatMap((id, i) =>
      event.tiers.includes(id) ? [] : [{ path: `tierIds.${i}`, message: "unknown tier" }],
    ),
    ...input.unlocksTierIds.flatMap((id, i) =>
      event.tiers.includes(id) ? [] : [{ path: `unlocksTierIds.${i}`, message: "unknown tier" }],
    ),
    ...(input.discount?.amount && input.discount.amount.currency !== event.currency
      ? [{ path: "discount.amount.currency", message: "must be the event's currency" }]
      : []),
  ];
  if (errors.length > 0)
    throw new AdmitError("invalid_request", "The promo code is not valid", { errors });
}

const SETTINGS = [
  "discount",
  "scope",
  "tier_ids",
  "max_uses",
  "max_uses_per_order",
  "valid_from",
  "valid_until",
  "unlocks_tier_ids",
  "enabled",
] as const;

function settings(input: ParsedPromoCodeInput): unknown[] {
  return [
    input.discount ? JSON.stringify(input.discount) : null,
    input.scope,
    input.tierIds ? JSON.stringify(input.tierIds) : null,
    input.maxUses ?? null,
    input.maxUsesPerOrder,
    input.validFrom ?? null,
    input.validUntil ?? null,
    JSON.stringify(input.unlocksTierIds),
    input.enabled,
  ];
}

/** `POST /admin/events/:eventId/promo-codes`: 409 `promo_code_exists` when the event has it (any case). */
export async function createPromoCode(
  tx: Queryable,
  eventId: string,
  input: ParsedPromoCodeInput,
  actor: Actor,
): Promise<PromoCode> {
  await checkInput(tx, eventId, input);
  const rows = await tx.query<PromoCodeRow>(
    `insert into admit_promo_codes (event_id, code_key, code, ${SETTINGS.join(", ")})
     values ($1, $2, $3, ${SETTINGS.map((_, i) => `$${i + 4}`).join(", ")})
     on conflict (event_id, code_key) do nothing returning *, now() as db_now`,
    [eventId, promoCodeKey(input.code), input.code, ...settings(input)],
  );
  if (rows.length === 0)
    throw new AdmitError("promo_code_exists", `The event already has the code ${input.code}`);
  await appendTimeline(tx, {
    type: "promo_code.created",
    actor,
    eventId,
    data: { code: input.code },
  });
  return toPromoCode(rows[0]!, 0);
}

/**
 * `PUT /admin/events/:eventId/promo-codes/:code`: replace a code's settings (its text stays; the
 * body's `code` must match it, any case). Uses already counted stay counted: lowering `maxUses`
 * below them only refuses new ones.
 */
export async function updatePromoCode(
  tx: Queryable,
  eventId: string,
  code: string,
  input: ParsedPromoCodeInput,
  actor: Actor,
): Promise<PromoCode> {
  if (promoCodeKey(input.code) !== promoCodeKey(code))
    throw new AdmitError("invalid_request", "The code cannot change; create a new one", {
      errors: [{ path: "code", message: "must match the code in the path" }],
    });
  await checkInput(tx, eventId, input);
  const set = SETTINGS.map((c, i) => `${c} = $${i + 3}`).join(", ");
  return changePromoCode(tx, eventId, code, actor, "promo_code.updated", set, settings(input));
}

/** `POST /admin/events/:eventId/promo-codes/:code/disable`: refuse it from now on; uses stay. */
export async function disablePromoCode(
  tx: Queryable,
  eventId: string,
  code: string,
  actor: Actor,
): Promise<PromoCode> {
  return changePromoCode(tx, eventId, code, actor, "promo_code.disabled", "enabled = false", []);
}

/**
 * Updates one code of the event (`set`, its parameters from `$3`), 404 when there is none, and
 * records `type` on the timeline. Answers the code with its uses.
 */
async function changePromoCode(
  tx: Queryable,
  eventId: string,
  code: string,
  actor: Actor,
  type: "promo_code.updated" | "promo_code.disabled",
  set: string,
  params: readonly unknown[],
): Promise<PromoCode> {
  const [row] = await tx.query<PromoCodeRow>(
    `update admit_promo_codes set ${set}, updated_at = now()
     where event_id = $1 and code_key = $2 returning *, now() as db_now`,
    [eventId, promoCodeKey(code), ...params],
  );
  if (!row) throw new AdmitError("not_found", `No promo code ${code}`);
  await appendTimeline(tx, { type, actor, eventId, data: { code: row.code } });
  return toPromoCode(row, await countPromoUses(tx, eventId, row.code_key));
}

/** `GET /admin/events/:eventId/promo-codes`: every code of the event with its uses, oldest first. */
export async function listPromoCodes(
  q: Queryable,
  eventId: string,
): Promise<{ items: PromoCode[] }> {
  const rows = await q.query<PromoCodeRow & { uses: number }>(
    `select p.*, now() as db_now, (select coalesce(sum(h.promo_uses), 0)::int from admit_holds h
       left join admit_orders o on o.hold_id = h.id
       where h.event_id = p.event_id and h.promo_code = p.code_key and ${PROMO_USE_COUNTS}) as uses
     from admit_promo_codes p where p.event_id = $1 order by p.created_at, p.code_key`,
    [eventId],
  );
  return { items: rows.map((r) => toPromoCode(r, r.uses)) };
}

/** `GET /admin/events/:eventId/promo-codes/:code/uses`: every hold that used the code, newest first. */
export async function listPromoCodeUses(
  q: Queryable,
  eventId: string,
  code: string,
): Promise<PromoCodeUses> {
  const key = promoCodeKey(code);
  const [exists] = await q.query<{ currency: string }>(
    `select e.currency from admit_promo_codes p join admit_events e on e.id = p.event_id
     where p.event_id = $1 and p.code_key = $2`,
    [eventId, key],
  );
  if (!exists) throw new AdmitError("not_found", `No promo code ${code}`);
  const rows = await q.query<{
    id: string;
    order_id: string | null;
    counted: boolean;
    promo_uses: number;
    status: string;
    order_status: string | null;
    discount: number;
    created_at: Date;
  }>(
    `select h.id, o.id as order_id, ${PROMO_USE_COUNTS} as counted, h.promo_uses, h.status,
       o.status as order_status, coalesce((h.pricing->'breakdown'->>'discount')::bigint, 0) as discount,
       h.created_at
     from admit_holds h left join admit_orders o on o.hold_id = h.id
     where h.event_id = $1 and h.promo_code = $2 order by h.created_at desc, h.id`,
    [eventId, key],
  );
  return {
    items: rows.map((r) => ({
      holdId: r.id,
      ...(r.order_id ? { orderId: r.order_id } : {}),
      counted: r.counted,
      uses: r.promo_uses,
      holdStatus: r.status,
      ...(r.order_status ? { orderStatus: r.order_status } : {}),
      discount: { amount: Number(r.discount), currency: exists.currency },
      createdAt: r.created_at.toISOString(),
    })),
  };
}

/**
 * `GET /events/:eventId/promo-codes/:code`: what a code does, checked as a hold would (unknown,
 * expired, used up), with the hidden tiers it unlocks as the event view shows them. Nothing is
 * reserved: the hold applies the code and counts the use.
 */
export async function checkPromoCode(
  q: Queryable,
  eventId: string,
  code: string,
  waitlistFirst: boolean,
): Promise<PromoCodeCheck> {
  const { row } = await loadUsablePromoCode(q, eventId, code, false);
  const unlocked = row.unlocks_tier_ids;
  const event =
    unlocked.length > 0 ? await getEventView(q, eventId, waitlistFirst, unlocked) : null;
  return {
    code: row.code,
    ...(row.discount ? { discount: row.discount } : {}),
    scope: row.scope,
    ...(row.tier_ids ? { tierIds: row.tier_ids } : {}),
    unlocksTierIds: unlocked,
    unlockedTiers: event ? event.tiers.filter((t) => unlocked.includes(t.id)) : [],
  };
}
