import type { Money } from "@admit/client/contract";
import { failureMessage } from "../../errors/server-kit-error.js";
import { PaymentProviderError } from "../payment-provider.js";

/** An amount as Mollie's API writes it: the currency and a decimal string (`"10.00"`). */
export interface MollieAmount {
  currency: string;
  value: string;
}

/**
 * How many decimals the currency's minor unit has (ISO 4217 exponent): 2 for EUR, 0 for JPY and
 * ISK, 3 for KWD and BHD. Read from the runtime's ICU data, which follows ISO 4217.
 *
 * @example
 * minorUnitExponent("JPY"); // 0
 */
export function minorUnitExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch (cause) {
    throw new PaymentProviderError(
      failureMessage(
        `pay in ${currency} at Mollie: it is not an ISO 4217 currency`,
        "use an ISO 4217 code",
      ),
      {
        providerCode: "invalid_currency",
        cause,
      },
    );
  }
}

/**
 * The kit's integer minor units as Mollie's decimal string, with exactly the currency's decimals
 * (Mollie refuses any other count): 4550 EUR → `"45.50"`, 4550 JPY → `"4550"`, 4550 KWD → `"4.550"`.
 *
 * @example
 * toMollieAmount({ amount: 4550, currency: "EUR" }); // { currency: "EUR", value: "45.50" }
 */
export function toMollieAmount(money: Money): MollieAmount {
  if (!Number.isSafeInteger(money.amount) || money.amount < 0)
    throw new PaymentProviderError(
      failureMessage(
        `send ${money.amount} to Mollie: it is not a whole number of minor units`,
        "give amounts as non-negative integer minor units",
      ),
      {
        providerCode: "invalid_amount",
      },
    );
  const exponent = minorUnitExponent(money.currency);
  const digits = String(money.amount).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const value = exponent === 0 ? whole : `${whole}.${digits.slice(digits.length - exponent)}`;
  return { currency: money.currency, value };
}

/**
 * Mollie's decimal string as the kit's integer minor units; refuses a value finer than the
 * currency's minor unit or not a plain decimal (never rounds money).
 *
 * @example
 * fromMollieAmount({ currency: "KWD", value: "4.550" }); // { amount: 4550, currency: "KWD" }
 */
export function fromMollieAmount(amount: MollieAmount): Money {
  const exponent = minorUnitExponent(amount.currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.value);
  const fraction = (match?.[2] ?? "").replace(/0+$/, "");
  if (!match || fraction.length > exponent)
    throw new PaymentProviderError(
      failureMessage(
        `read Mollie's amount ${amount.value} ${amount.currency}: it is not in ${amount.currency}'s minor units`,
        "use the currency Mollie was asked in",
      ),
      { providerCode: "invalid_amount" },
    );
  const minor = Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || 0);
  if (!Number.isSafeInteger(minor))
    throw new PaymentProviderError(
      failureMessage(
        `read Mollie's amount ${amount.value} ${amount.currency}: it is too large`,
        "keep amounts below 2^53 minor units",
      ),
      {
        providerCode: "invalid_amount",
      },
    );
  return { amount: minor, currency: amount.currency };
}
