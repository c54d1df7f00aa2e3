import * as z from "zod/mini";

let knownCurrencies: Set<string> | undefined;

/** Whether `code` is an ISO 4217 currency code this runtime knows. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(code);
}

/** An ISO 4217 currency code in upper case, for example `EUR`. */
export const CurrencyCode = z
  .string()
  .check(z.refine(isCurrencyCode, "expected an ISO 4217 currency code such as EUR"));
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * An amount of money: an integer count of the currency's minor unit and its ISO 4217 code.
 * Never a float.
 * @example { amount: 4500, currency: "EUR" } // €45.00
 */
export const Money = z.object({
  amount: z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;
