import * as z from "zod/mini";
import { Tier } from "./event.js";
import { Money } from "./money.js";
import { HoldId, OrderId, Slug, Timestamp, text } from "./primitives.js";

/**
 * What a price is made of, in integer minor units: `net + tax + fee = gross`, and `gross` is
 * what was charged. `discount` is what a promo code took off the listed price (before tax with
 * exclusive pricing, tax included with inclusive pricing); it is information, not a part of
 * the sum. A hold's, an order's and a line's breakdown is the sum of its tickets' breakdowns.
 */
export const PriceBreakdown = z.object({
  net: z.int(),
  tax: z.int(),
  fee: z.int(),
  discount: z.int(),
  gross: z.int(),
});
export type PriceBreakdown = z.infer<typeof PriceBreakdown>;

/** A code's discount: a percentage in basis points (`1000` = 10 %), an amount off, or a set price. */
export const PromoDiscount = z.union([
  z.object({
    kind: z.literal("percent"),
    basisPoints: /* @__PURE__ */ z.int().check(z.gte(1), z.lte(10_000)),
  }),
  z.object({ kind: z.literal("amount_off"), amount: Money }),
  z.object({ kind: z.literal("set_price"), amount: Money }),
]);
export type PromoDiscount = z.infer<typeof PromoDiscount>;

/** A promo code as buyers type it: letters, digits, `-` and `_`, compared case-insensitively. */
export const PromoCodeText = /* @__PURE__ */ text().check(
  z.trim(),
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "use 1-64 letters, digits, _ or -"),
);

/**
 * `POST /admin/events/:eventId/promo-codes` and `PUT …/promo-codes/:code`: a code of an event.
 * `scope: "ticket"` discounts each ticket of the `tierIds` (at most `maxUsesPerOrder` of them in
 * one order, each one use); `scope: "order"` discounts those tickets of an order together, once
 * (one use). No `tierIds` means every tier. `unlocksTierIds` are hidden tiers the code reveals.
 */
export const PromoCodeInput = /* @__PURE__ */ z
  .object({
    code: PromoCodeText,
    discount: z.optional(PromoDiscount),
    scope: z._default(z.enum(["ticket", "order"]), "ticket"),
    tierIds: z.optional(/* @__PURE__ */ z.array(Slug).check(z.maxLength(100))),
    /** Total uses across all orders; none means unlimited. */
    maxUses: z.optional(/* @__PURE__ */ z.int().check(z.gte(1), z.lte(1_000_000))),
    /** Uses one order may take (scope `ticket`). @default 10 */
    maxUsesPerOrder: z._default(/* @__PURE__ */ z.int().check(z.gte(1), z.lte(1000)), 10),
    validFrom: z.optional(Timestamp),
    validUntil: z.optional(Timestamp),
    unlocksTierIds: z._default(/* @__PURE__ */ z.array(Slug).check(z.maxLength(100)), []),
    /** A disabled code is refused like an unknown one; its uses are kept. */
    enabled: z._default(z.boolean(), true),
  })
  .check(
    z.refine((c) => c.discount !== undefined || c.unlocksTierIds.length > 0, {
      message: "give a discount, tiers to unlock, or both",
      path: ["discount"],
    }),
    z.refine((c) => !c.validFrom || !c.validUntil || c.validFrom < c.validUntil, {
      message: "validFrom must be before validUntil",
      path: ["validUntil"],
    }),
  );
export type PromoCodeInput = z.input<typeof PromoCodeInput>;

/** A promo code as the back office sees it. `code` is as it was created (matched case-insensitively). */
export const PromoCode = z.object({
  eventId: Slug,
  code: z.string(),
  discount: z.optional(PromoDiscount),
  scope: z.enum(["ticket", "order"]),
  tierIds: z.optional(z.array(Slug)),
  maxUses: z.optional(z.int()),
  maxUsesPerOrder: z.int(),
  validFrom: z.optional(Timestamp),
  validUntil: z.optional(Timestamp),
  unlocksTierIds: z.array(Slug),
  /** `false` once disabled: refused like an unknown code, its uses kept. */
  enabled: z.boolean(),
  /** Uses now counted: live holds, open orders and paid orders (released and expired ones gave theirs back). */
  uses: z.int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PromoCode = z.infer<typeof PromoCode>;

export const PromoCodeList = z.object({ items: z.array(PromoCode) });
export type PromoCodeList = z.infer<typeof PromoCodeList>;

/** One hold that used a code: `GET /admin/events/:eventId/promo-codes/:code/uses`. */
export const PromoCodeUse = z.object({
  holdId: HoldId,
  orderId: z.optional(OrderId),
  /** `true` while it counts against `maxUses`. */
  counted: z.boolean(),
  uses: z.int(),
  holdStatus: z.string(),
  orderStatus: z.optional(z.string()),
  discount: Money,
  createdAt: Timestamp,
});
export type PromoCodeUse = z.infer<typeof PromoCodeUse>;

export const PromoCodeUses = z.object({ items: z.array(PromoCodeUse) });
export type PromoCodeUses = z.infer<typeof PromoCodeUses>;

/**
 * `GET /events/:eventId/promo-codes/:code`: what a code does, for the widget to show the
 * discount at once and the tiers it unlocks (as the event view shows tiers). The hold applies it.
 */
export const PromoCodeCheck = z.object({
  code: z.string(),
  discount: z.optional(PromoDiscount),
  scope: z.enum(["ticket", "order"]),
  /** The tiers it discounts; none means every tier. */
  tierIds: z.optional(z.array(Slug)),
  unlocksTierIds: z.array(Slug),
  /** The hidden tiers it unlocks, as the event view shows tiers (live availability). */
  unlockedTiers: z.array(Tier),
});
export type PromoCodeCheck = z.infer<typeof PromoCodeCheck>;
