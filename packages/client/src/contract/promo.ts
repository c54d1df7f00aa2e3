import * as z from "zod/mini";
import { Tier } from "./event.js";
import { Money } from "./money.js";
import { HoldId, OrderId, Slug, Timestamp, text } from "./primitives.js";

/**
 * A code's discount: `percent` with `basisPoints` (`1000` = 10 %), `amount_off` with `amount`
 * (off each ticket, or off the order with scope `order`), or `set_price` with `amount` (the
 * price each ticket, or the order's tickets together, then cost). One object rather than a
 * union, so the widget's bundle carries no union rule.
 */
export const PromoDiscount = /* @__PURE__ */ z.object({
  kind: /* @__PURE__ */ z.enum(["percent", "amount_off", "set_price"]),
  basisPoints: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.int().check(z.gte(1), z.lte(10_000))),
  amount: /* @__PURE__ */ z.optional(Money),
});
export type PromoDiscount = z.infer<typeof PromoDiscount>;

/**
 * What a code discounts: `ticket`, each ticket of its tiers (each one use); `order`, those
 * tickets of an order together, once (one use).
 */
export const PromoScope = /* @__PURE__ */ z.enum(["ticket", "order"]);
export type PromoScope = z.infer<typeof PromoScope>;

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
    discount: /* @__PURE__ */ z.optional(
      /* @__PURE__ */ PromoDiscount.check(
        z.refine((d) => (d.kind === "percent" ? d.basisPoints !== undefined : !!d.amount), {
          message: "percent needs basisPoints; amount_off and set_price need amount",
        }),
      ),
    ),
    scope: /* @__PURE__ */ z._default(PromoScope, "ticket"),
    tierIds: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(Slug).check(z.maxLength(100))),
    /** Total uses across all orders; none means unlimited. */
    maxUses: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.int().check(z.gte(1), z.lte(1_000_000))),
    /** Uses one order may take (scope `ticket`). @default 10 */
    maxUsesPerOrder: /* @__PURE__ */ z._default(
      /* @__PURE__ */ z.int().check(z.gte(1), z.lte(1000)),
      10,
    ),
    validFrom: /* @__PURE__ */ z.optional(Timestamp),
    validUntil: /* @__PURE__ */ z.optional(Timestamp),
    unlocksTierIds: /* @__PURE__ */ z._default(
      /* @__PURE__ */ z.array(Slug).check(z.maxLength(100)),
      [],
    ),
    /** A disabled code is refused like an unknown one; its uses are kept. */
    enabled: /* @__PURE__ */ z._default(/* @__PURE__ */ z.boolean(), true),
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
export const PromoCode = /* @__PURE__ */ z.object({
  eventId: Slug,
  code: /* @__PURE__ */ z.string(),
  discount: /* @__PURE__ */ z.optional(PromoDiscount),
  scope: PromoScope,
  tierIds: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(Slug)),
  maxUses: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.int()),
  maxUsesPerOrder: /* @__PURE__ */ z.int(),
  validFrom: /* @__PURE__ */ z.optional(Timestamp),
  validUntil: /* @__PURE__ */ z.optional(Timestamp),
  unlocksTierIds: /* @__PURE__ */ z.array(Slug),
  /** `false` once disabled: refused like an unknown code, its uses kept. */
  enabled: /* @__PURE__ */ z.boolean(),
  /** Uses now counted: live holds, open orders and paid orders (released and expired ones gave theirs back). */
  uses: /* @__PURE__ */ z.int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PromoCode = z.infer<typeof PromoCode>;

export const PromoCodeList = /* @__PURE__ */ z.object({
  items: /* @__PURE__ */ z.array(PromoCode),
});
export type PromoCodeList = z.infer<typeof PromoCodeList>;

/** One hold that used a code: `GET /admin/events/:eventId/promo-codes/:code/uses`. */
export const PromoCodeUse = /* @__PURE__ */ z.object({
  holdId: HoldId,
  orderId: /* @__PURE__ */ z.optional(OrderId),
  /** `true` while it counts against `maxUses`. */
  counted: /* @__PURE__ */ z.boolean(),
  uses: /* @__PURE__ */ z.int(),
  holdStatus: /* @__PURE__ */ z.string(),
  orderStatus: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  discount: Money,
  createdAt: Timestamp,
});
export type PromoCodeUse = z.infer<typeof PromoCodeUse>;

export const PromoCodeUses = /* @__PURE__ */ z.object({
  items: /* @__PURE__ */ z.array(PromoCodeUse),
});
export type PromoCodeUses = z.infer<typeof PromoCodeUses>;

/**
 * `GET /events/:eventId/promo-codes/:code`: what a code does, for the widget to show the
 * discount at once and the tiers it unlocks (as the event view shows tiers). The hold applies it.
 */
export const PromoCodeCheck = /* @__PURE__ */ z.object({
  code: /* @__PURE__ */ z.string(),
  discount: /* @__PURE__ */ z.optional(PromoDiscount),
  scope: PromoScope,
  /** The tiers it discounts; none means every tier. */
  tierIds: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(Slug)),
  unlocksTierIds: /* @__PURE__ */ z.array(Slug),
  /** The hidden tiers it unlocks, as the event view shows tiers (live availability). */
  unlockedTiers: /* @__PURE__ */ z.array(Tier),
});
export type PromoCodeCheck = z.infer<typeof PromoCodeCheck>;
