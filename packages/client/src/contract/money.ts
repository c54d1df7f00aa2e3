import * as z from "zod/mini";

let knownCurrencies: Set<string> | undefined;

/** Whether `code` is an ISO 4217 currency code this runtime knows. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(code);
}

/** An ISO 4217 currency code in upper case, for example `EUR`. */
export const CurrencyCode = /* @__PURE__ */ z
  .string()
  .check(z.refine(isCurrencyCode, "expected an ISO 4217 currency code such as EUR"));
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * An amount of money: an integer count of the currency's minor unit and its ISO 4217 code.
 * Never a float.
 * @example { amount: 4500, currency: "EUR" } // €45.00
 */
export const Money = z.object({
  amount: /* @__PURE__ */ z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

/** `A` when it is an integer literal (or a plain `number`), else `never`. */
export type IntegerAmount<A extends number> = number extends A
  ? A
  : `${A}` extends `${bigint}`
    ? A
    : never;

/**
 * Builds a {@link Money}. A literal float amount such as `45.5` does not compile, and any
 * amount that is not a non-negative safe integer throws a `RangeError` at run time
 * (TypeScript has no integer type, so a computed `number` is only checked then).
 *
 * @example money(4500, "EUR") // { amount: 4500, currency: "EUR" }, €45.00
 */
export function money<const A extends number>(amount: IntegerAmount<A>, currency: string): Money {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(
      `money: amount must be a non-negative integer of minor units, got ${amount}`,
    );
  }
  if (!isCurrencyCode(currency)) {
    throw new RangeError(`money: "${currency}" is not an ISO 4217 currency code`);
  }
  return { amount, currency };
}

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
