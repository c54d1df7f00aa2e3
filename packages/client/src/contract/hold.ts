import * as z from "zod/mini";
import { Money, PriceBreakdown } from "./money.js";
import { HoldId, Quantity, Slug, Timestamp, Token, text } from "./primitives.js";

export const HoldItem = z.object({ tierId: Slug, quantity: Quantity });
export type HoldItem = z.infer<typeof HoldItem>;

/** `POST /holds`. Prices are never sent by the client: the server computes them. */
export const HoldRequest = z.object({
  eventId: Slug,
  items: /* @__PURE__ */ z.array(HoldItem).check(
    z.minLength(1, "choose at least one ticket"),
    z.maxLength(100),
    z.refine(
      (items) => new Set(items.map((i) => i.tierId)).size === items.length,
      "list each tier once",
    ),
  ),
  promoCode: z.optional(/* @__PURE__ */ text().check(z.trim(), z.maxLength(100))),
});
export type HoldRequest = z.infer<typeof HoldRequest>;

export const HOLD_STATUSES = ["active", "converted", "released", "expired"] as const;
export const HoldStatus = z.enum(HOLD_STATUSES);
export type HoldStatus = z.infer<typeof HoldStatus>;

/** Seats held for a time-to-live. `token` authorizes reading, releasing and checking out. */
export const Hold = z.object({
  id: HoldId,
  eventId: Slug,
  items: z.array(HoldItem),
  total: Money,
  status: HoldStatus,
  expiresAt: Timestamp,
  /** The server's clock when it answered, so a countdown is right even on a skewed client clock. */
  now: Timestamp,
  token: Token,
  /** The promo code applied, as the host wrote it. */
  promoCode: z.optional(z.string()),
  /** What `total` is made of (`gross` = `total`). */
  breakdown: z.optional(PriceBreakdown),
  /** Per item, in the order of `items`: what it costs, with its discount, tax and fee. */
  lines: z.optional(
    z.array(z.object({ tierId: Slug, quantity: z.int(), breakdown: PriceBreakdown })),
  ),
});
export type Hold = z.infer<typeof Hold>;
