import * as z from "zod/mini";

// Years 0001-9999 (0000 is a JS year but not a PostgreSQL one; 10000 has no RFC 3339 form) and
// at most 6 fraction digits, the microseconds PostgreSQL keeps: with a 7th it would round
// (9999-12-31T23:59:59.9999995Z becomes the year 10000) where JS truncates.
const UTC_TIMESTAMP = /^(?!0000)\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?Z$/;

/**
 * Whether `value` can be stored and compared as PostgreSQL text unchanged: no U+0000 and no
 * unpaired UTF-16 surrogate. Every string the contract accepts from a request passes it.
 * @example isStorableText("Zoë 🎟️ مرحبا") // true
 * @example isStorableText("a\u0000b") // false
 */
export function isStorableText(value: string): boolean {
  // U+0000 and unpaired surrogates: PostgreSQL's text refuses the first (22021, and 22P05 in
  // jsonb) and UTF-8 cannot encode the second (the driver would store U+FFFD instead). With
  // the `u` flag a well-formed pair is one code point, so only a lone half matches the range.
  return !/[\0\ud800-\udfff]/u.test(value);
}

/**
 * A string a request may carry: refused when {@link isStorableText} is false, so the database
 * never sees what it cannot store. Add length and trim checks with `.check(...)`; free texts
 * that are stored are trimmed, which also drops a leading U+FEFF (PGlite's reader would drop
 * it from the stored value, so it would not read back unchanged).
 * @example text().check(z.maxLength(200))
 */
export function text() {
  return z.string().check(z.refine(isStorableText, "remove U+0000 and unpaired surrogates"));
}

/**
 * Whether `value` is an RFC 3339 UTC timestamp of a real calendar date and time, such as
 * `2026-11-22T18:00:00Z` (up to 6 fraction digits, `Z` required), in the years 0001-9999:
 * the range both PostgreSQL's `timestamptz` and JS `Date` hold, so a time is stored as given.
 *
 * Written out rather than `z.iso.datetime()`, which costs the widget's script-tag bundle
 * 0.4 KB gzip for the same rule (measured when this replaced it).
 * @example isTimestamp("2027-02-29T10:00:00Z") // false: 2027 is not a leap year
 */
export function isTimestamp(value: string): boolean {
  if (!UTC_TIMESTAMP.test(value)) return false;
  const time = Date.parse(value);
  // Date.parse rolls 2027-02-30 over into March; a real date survives the round trip.
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value.slice(0, 10));
}

/**
 * An RFC 3339 UTC timestamp such as `2026-11-22T18:00:00Z` (fractions of a second allowed).
 * Every time in the contract is decided by the server's clock.
 */
export const Timestamp = /* @__PURE__ */ z
  .string()
  .check(z.refine(isTimestamp, "expected a UTC timestamp such as 2026-11-22T18:00:00Z"));
export type Timestamp = z.infer<typeof Timestamp>;

/**
 * Whether `value` is an IANA time zone the platform knows, such as `Europe/Berlin` or `UTC`.
 * @example isTimeZone("Europe/Berlin") // true
 */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value);
  } catch {
    return false;
  }
}

/**
 * The IANA time zone an event takes place in, such as `Europe/Berlin`: the widget shows the
 * event's times in it, so every buyer reads the time printed on the poster.
 */
export const TimeZone = /* @__PURE__ */ z
  .string()
  .check(z.refine(isTimeZone, "expected an IANA time zone such as Europe/Berlin"));
export type TimeZone = z.infer<typeof TimeZone>;

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
export const PersonName = /* @__PURE__ */ text().check(
  z.trim(),
  z.minLength(1, "enter a name"),
  z.maxLength(200),
);

/** An e-mail address. */
export const Email = /* @__PURE__ */ z
  .email("enter a valid e-mail address")
  .check(z.maxLength(320));

/** A free-text reason recorded on the timeline. */
export const Reason = /* @__PURE__ */ text().check(
  z.trim(),
  z.minLength(1, "give a reason"),
  z.maxLength(1000),
);

/** The host's reference for an order (invoice number, CRM deal). */
export const Reference = /* @__PURE__ */ text().check(z.trim(), z.minLength(1), z.maxLength(200));

/**
 * Whether `value` is an absolute `http:` or `https:` URL with a host: never `javascript:`,
 * `data:` or a relative path, since the widget navigates to payment URLs.
 *
 * Written out rather than `z.url()`, which costs the widget's script-tag bundle 0.5 KB gzip
 * (measured when this replaced it); the WHATWG URL parser does the parsing either way, and an
 * IPv6 literal such as `http://[::1]/`, which `z.url()` refused, is accepted.
 * @example isHttpUrl("https://pay.example.com/c/1") // true
 */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    return (protocol === "https:" || protocol === "http:") && hostname !== "";
  } catch {
    return false;
  }
}

/** An absolute http(s) URL. */
export const HttpUrl = /* @__PURE__ */ z
  .string()
  .check(z.refine(isHttpUrl, "expected an absolute http(s) URL"));

/**
 * An absolute http(s) URL a request sends, such as a checkout's `returnUrl`: also
 * {@link isStorableText}, since it is stored as given (the URL parser would accept a U+0000 and
 * percent-encode it). Apart from {@link HttpUrl}, which answers use, so the widget's bundle
 * does not carry a rule only the server needs.
 */
export const ReturnUrl = /* @__PURE__ */ text().check(
  z.refine(isHttpUrl, "expected an absolute http(s) URL"),
);

/** A count of seats or tickets. */
export const Quantity = /* @__PURE__ */ z.int().check(z.gte(1), z.lte(1000));
