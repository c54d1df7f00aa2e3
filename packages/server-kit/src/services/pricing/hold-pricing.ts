import type { Hold, HoldItem, PriceBreakdown } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import type { TierRow } from "../holds/capacity.js";
import type { KitContext } from "../kit-context.js";
import { loadUsablePromoCode } from "../promo-codes/promo-codes.js";
import { discounts, type PricedLine, priceItems, type TierPricing } from "./pricing.js";

/** What a hold stores in `admit_holds.pricing`: its priced lines (with tickets) and totals. */
export interface StoredPricing {
  /** The code as the host wrote it. */
  promoCode?: string;
  breakdown: PriceBreakdown;
  lines: PricedLine[];
}

/** A hold's price: what to store with it, and the code's uses it takes. */
export interface HoldPricing {
  total: number;
  /** The code's key (lower case), or null. */
  promoKey: string | null;
  uses: number;
  pricing: StoredPricing;
}

function tierPricing(tiers: ReadonlyMap<string, TierRow>): Map<string, TierPricing> {
  return new Map(
    [...tiers.values()].map((t) => [
      t.id,
      { id: t.id, price: Number(t.price_amount), fee: t.fee, tax: t.tax },
    ]),
  );
}

/** Price `items` without a code (payment links, waitlist offers): fees and taxes only. */
export function priceWithoutCode(
  items: readonly HoldItem[],
  tiers: ReadonlyMap<string, TierRow>,
): HoldPricing {
  const priced = priceItems(items, tierPricing(tiers), null);
  return finish(priced.lines, priced.breakdown, null, 0);
}

function finish(
  lines: PricedLine[],
  breakdown: PriceBreakdown,
  code: { key: string; text: string } | null,
  uses: number,
): HoldPricing {
  // Each price is a safe integer (the contract), but a sum of them need not be: beyond 2^53 - 1
  // JS rounds it, and far beyond, PostgreSQL's bigint refuses it.
  if (!Number.isSafeInteger(breakdown.gross) || !Number.isSafeInteger(breakdown.discount))
    throw new AdmitError("invalid_request", "The total of these items is too large", {
      errors: [
        {
          path: "items",
          message: `the total must be at most ${Number.MAX_SAFE_INTEGER} minor units`,
        },
      ],
    });
  return {
    total: breakdown.gross,
    promoKey: code?.key ?? null,
    uses,
    pricing: { ...(code ? { promoCode: code.text } : {}), breakdown, lines },
  };
}

/**
 * The hold's pricing hook, inside the hold's transaction: apply `promoCode` (its row locked
 * `FOR UPDATE`, its uses counted after the lock, so concurrent holds with the same code queue
 * on it), refuse hidden tiers the code does not unlock (as unknown tiers: they are not shown),
 * and price the items with the tiers' fees and taxes. A code must discount or unlock at least
 * one item (409 `promo_code_not_applicable`); with `scope: "ticket"` each such ticket is one
 * use and an order takes at most `maxUsesPerOrder` (409 `limit_exceeded`); with `scope:
 * "order"` the order takes one. 409 `promo_code_used_up` when the uses would pass `maxUses`.
 */
export async function priceHold(
  ctx: KitContext,
  tx: Queryable,
  eventId: string,
  items: readonly HoldItem[],
  promoCode: string | undefined,
  tiers: ReadonlyMap<string, TierRow>,
): Promise<HoldPricing> {
  const code = promoCode
    ? await loadUsablePromoCode(tx, eventId, promoCode, !ctx.options.unsafeDisablePromoCodeLock)
    : null;
  const unlocks = code?.row.unlocks_tier_ids ?? [];
  const hidden = items.flatMap((item, index) =>
    tiers.get(item.tierId)!.hidden_without_code && !unlocks.includes(item.tierId)
      ? [{ path: `items.${index}.tierId`, message: "unknown tier" }]
      : [],
  );
  if (hidden.length > 0)
    throw new AdmitError("invalid_request", "The event has no such tier", { errors: hidden });
  if (!code) return priceWithoutCode(items, tiers);
  const row = code.row;
  const discount = {
    discount: row.discount,
    scope: row.scope,
    tierIds: row.tier_ids,
  };
  const applicable = items.filter(
    (i) => discounts(discount, i.tierId) || unlocks.includes(i.tierId),
  );
  if (applicable.length === 0)
    throw new AdmitError(
      "promo_code_not_applicable",
      "The promo code does not apply to these tickets",
      { tierIds: row.tier_ids ?? [], unlocksTierIds: unlocks },
    );
  const uses = row.scope === "order" ? 1 : applicable.reduce((s, i) => s + i.quantity, 0);
  if (uses > row.max_uses_per_order)
    throw new AdmitError(
      "limit_exceeded",
      `At most ${row.max_uses_per_order} tickets per order with this promo code`,
      { maxUsesPerOrder: row.max_uses_per_order },
    );
  if (row.max_uses !== null && code.uses + uses > row.max_uses)
    throw new AdmitError("promo_code_used_up", "Not enough uses of the promo code remain", {
      remainingUses: row.max_uses - code.uses,
    });
  const priced = priceItems(items, tierPricing(tiers), discount);
  return finish(priced.lines, priced.breakdown, { key: row.code_key, text: row.code }, uses);
}

/** The pricing members of a hold's answer, from what it stored (none for older holds). */
export function holdPricingView(
  pricing: StoredPricing | null,
): Pick<Hold, "promoCode" | "breakdown" | "lines"> {
  if (!pricing) return {};
  return {
    ...(pricing.promoCode ? { promoCode: pricing.promoCode } : {}),
    breakdown: pricing.breakdown,
    lines: pricing.lines.map((l) => ({
      tierId: l.tierId,
      quantity: l.quantity,
      breakdown: l.breakdown,
    })),
  };
}
