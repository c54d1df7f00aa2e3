import * as z from "zod/mini";
import { CurrencyCode, Money } from "./money.js";
import { Slug, Timestamp, TimeZone, text } from "./primitives.js";
import { Question, QuestionInput, questionProblems } from "./questions.js";

export const EVENT_STATUSES = ["on_sale", "not_on_sale", "ended", "cancelled"] as const;
export const EventStatus = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof EventStatus>;

export const AVAILABILITIES = ["available", "limited", "sold_out", "not_on_sale", "ended"] as const;
/** How a tier can be bought right now. `limited` means few seats remain. */
export const Availability = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof Availability>;

/**
 * A tier's service fee: a fixed amount or a percentage (basis points, `150` = 1.5 %) of the
 * ticket's price after discount, charged per ticket or once per order (spread over the order's
 * tickets of the tier). Never charged on a ticket that costs nothing.
 */
export const TierFee = /* @__PURE__ */ z.object({
  kind: z.enum(["fixed", "percent"]),
  /** With `fixed`: the fee, in the event's currency. */
  amount: z.optional(Money),
  /** With `percent`: `150` is 1.5 %. */
  basisPoints: z.optional(/* @__PURE__ */ z.int().check(z.gte(1), z.lte(10_000))),
  per: z.enum(["ticket", "order"]),
});
export type TierFee = z.infer<typeof TierFee>;

/**
 * A tier's tax: the rate in basis points (`1900` = 19 %); `inclusive` when `price` includes it
 * (consumer prices in the EU), `exclusive` when it is added on top.
 */
export const TierTax = /* @__PURE__ */ z.object({
  rateBasisPoints: /* @__PURE__ */ z.int().check(z.gte(0), z.lte(10_000)),
  pricing: z.enum(["inclusive", "exclusive"]),
});
export type TierTax = z.infer<typeof TierTax>;

/** A ticket tier as a buyer sees it, with live availability. */
export const Tier = z.object({
  id: Slug,
  name: z.string(),
  description: z.optional(z.string()),
  price: Money,
  availability: Availability,
  /** Seats left, or null when the host hides counts. */
  remaining: z.nullable(/* @__PURE__ */ z.int().check(z.gte(0))),
  minPerOrder: /* @__PURE__ */ z.int().check(z.gte(1)),
  maxPerOrder: /* @__PURE__ */ z.int().check(z.gte(1)),
  waitlist: z.boolean(),
  salesStart: z.optional(Timestamp),
  salesEnd: z.optional(Timestamp),
  fee: z.optional(TierFee),
  tax: z.optional(TierTax),
});
export type Tier = z.infer<typeof Tier>;

/** What an event is, when and where: the part of it a receipt, a ticket and a calendar file show. */
export const EventSummary = z.object({
  id: Slug,
  name: z.string(),
  startsAt: Timestamp,
  endsAt: z.optional(Timestamp),
  venue: z.optional(z.string()),
  /** Where the event takes place (IANA); its times are shown in this zone. */
  timeZone: z.optional(z.string()),
});
export type EventSummary = z.infer<typeof EventSummary>;

/** An event as a buyer sees it. */
export const Event = z.object({
  ...EventSummary.shape,
  currency: CurrencyCode,
  status: EventStatus,
  /** Whether checkout asks for a name per ticket. */
  collectAttendees: z.boolean(),
  tiers: z.array(Tier),
  /** What checkout asks, in order (see `questions.ts`); absent when nothing is asked. */
  questions: z.optional(z.array(Question)),
  /** Whether the event has promo codes (the widget shows its code field only then). */
  hasPromoCodes: z.optional(z.boolean()),
});
export type Event = z.infer<typeof Event>;

/** A tier as the host defines it (admin). */
export const TierInput = /* @__PURE__ */ z.object({
  id: Slug,
  name: /* @__PURE__ */ text().check(z.trim(), z.minLength(1), z.maxLength(200)),
  description: z.optional(/* @__PURE__ */ text().check(z.trim(), z.maxLength(2000))),
  price: Money,
  capacity: /* @__PURE__ */ z.int().check(z.gte(0), z.lte(1_000_000)),
  minPerOrder: z._default(/* @__PURE__ */ z.int().check(z.gte(1), z.lte(1000)), 1),
  maxPerOrder: z._default(/* @__PURE__ */ z.int().check(z.gte(1), z.lte(1000)), 10),
  salesStart: z.optional(Timestamp),
  salesEnd: z.optional(Timestamp),
  waitlist: z._default(z.boolean(), false),
  /** Shown and sold only with a promo code that unlocks it. */
  hiddenWithoutCode: z._default(z.boolean(), false),
  fee: z.optional(
    /* @__PURE__ */ TierFee.check(
      z.refine((f) => (f.kind === "fixed" ? !!f.amount : f.basisPoints !== undefined), {
        message: "a fixed fee needs amount, a percent fee basisPoints",
      }),
    ),
  ),
  tax: z.optional(TierTax),
});
export type TierInput = z.input<typeof TierInput>;

/** `PUT /admin/events/:eventId`: create or update an event and its tiers. */
export const EventInput = /* @__PURE__ */ z
  .object({
    name: /* @__PURE__ */ text().check(z.trim(), z.minLength(1), z.maxLength(200)),
    startsAt: Timestamp,
    endsAt: z.optional(Timestamp),
    venue: z.optional(/* @__PURE__ */ text().check(z.trim(), z.maxLength(500))),
    timeZone: z.optional(TimeZone),
    currency: CurrencyCode,
    status: z._default(z.enum(["on_sale", "not_on_sale", "cancelled"]), "on_sale"),
    hideRemaining: z._default(z.boolean(), false),
    collectAttendees: z._default(z.boolean(), false),
    tiers: /* @__PURE__ */ z.array(TierInput).check(z.minLength(1), z.maxLength(100)),
    /** What checkout asks the buyer, in this order (per order or per attendee). @default [] */
    questions: z._default(/* @__PURE__ */ z.array(QuestionInput).check(z.maxLength(100)), []),
  })
  .check(
    z.refine((e) => new Set(e.tiers.map((t) => t.id)).size === e.tiers.length, {
      message: "tier ids must be unique within the event",
      path: ["tiers"],
    }),
    z.refine((e) => e.tiers.every((t) => t.price.currency === e.currency), {
      message: "every tier price must be in the event's currency",
      path: ["tiers"],
    }),
    z.refine((e) => e.tiers.every((t) => !t.fee?.amount || t.fee.amount.currency === e.currency), {
      message: "every fee must be in the event's currency",
      path: ["tiers"],
    }),
    z.refine((e) => e.tiers.every((t) => t.minPerOrder <= t.maxPerOrder), {
      message: "minPerOrder must not exceed maxPerOrder",
      path: ["tiers"],
    }),
    z.superRefine((e, ctx) => {
      const tiers = e.tiers.map((t) => t.id);
      for (const [path, message] of questionProblems(e.questions, tiers))
        ctx.issues.push({ code: "custom", message, input: e, path: path.split(".") });
    }),
  );
export type EventInput = z.input<typeof EventInput>;
