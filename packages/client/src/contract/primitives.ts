import * as z from "zod/mini";

/**
 * An RFC 3339 UTC timestamp such as `2026-11-22T18:00:00Z` (fractions of a second allowed).
 * Every time in the contract is decided by the server's clock.
 */
export const Timestamp = /* @__PURE__ */ z.iso.datetime({ offset: false });
export type Timestamp = z.infer<typeof Timestamp>;

/**
 * A host-chosen identifier (event and tier ids): 1 to 64 letters, digits, `_` or `-`.
 * @example "spring-gala-2027"
 */
export const Slug = /* @__PURE__ */ z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "use 1-64 letters, digits, _ or -"));
export type Slug = z.infer<typeof Slug>;

/** Prefixes of the server-generated, opaque ids. */
export const ID_PREFIXES = {
  hold: "hold",
  order: "ord",
  payment: "pay",
  ticket: "tkt",
  refund: "ref",
  waitlist: "wl",
  paymentLink: "lnk",
  timeline: "tl",
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

/** A server-generated id with its type prefix, for example `ord_3kq9…`. */
export function prefixedId(kind: IdKind) {
  return z
    .string()
    .check(
      z.regex(new RegExp(`^${ID_PREFIXES[kind]}_[A-Za-z0-9]{8,64}$`), `expected a ${kind} id`),
    );
}

export const HoldId = /* @__PURE__ */ prefixedId("hold");
export const OrderId = /* @__PURE__ */ prefixedId("order");
export const TicketId = /* @__PURE__ */ prefixedId("ticket");
export const PaymentLinkId = /* @__PURE__ */ prefixedId("paymentLink");

/** A secret bearer token (hold or order token): long, random, URL-safe. */
export const Token = /* @__PURE__ */ z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{32,128}$/, "expected a token"));

/** A person's display name. */
export const PersonName = /* @__PURE__ */ z
  .string()
  .check(z.trim(), z.minLength(1, "enter a name"), z.maxLength(200));

/** An e-mail address. */
export const Email = /* @__PURE__ */ z
  .email("enter a valid e-mail address")
  .check(z.maxLength(320));

/** A free-text reason recorded on the timeline. */
export const Reason = /* @__PURE__ */ z
  .string()
  .check(z.trim(), z.minLength(1, "give a reason"), z.maxLength(1000));

/** The host's reference for an order (invoice number, CRM deal). */
export const Reference = /* @__PURE__ */ z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(200));

/** An absolute http(s) URL. */
export const HttpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });

/** A count of seats or tickets. */
export const Quantity = /* @__PURE__ */ z.int().check(z.gte(1), z.lte(1000));
