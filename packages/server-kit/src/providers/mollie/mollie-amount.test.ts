import { describe, expect, it } from "vitest";
import { PaymentProviderError } from "../payment-provider.js";
import { fromMollieAmount, minorUnitExponent, toMollieAmount } from "./mollie-amount.js";

describe("Mollie amounts from the kit's minor units", () => {
  it.each([
    [4550, "EUR", "45.50"],
    [5, "EUR", "0.05"],
    [0, "EUR", "0.00"],
    [4550, "JPY", "4550"],
    [4550, "ISK", "4550"],
    [4550, "KWD", "4.550"],
    [7, "BHD", "0.007"],
    [123_456_789, "GBP", "1234567.89"],
  ])("%i minor units of %s are sent as %s, and read back the same", (amount, currency, value) => {
    expect(toMollieAmount({ amount, currency })).toEqual({ currency, value });
    expect(fromMollieAmount({ currency, value })).toEqual({ amount, currency });
  });

  it("uses the currency's ISO 4217 exponent: 0 for zero-decimal, 3 for three-decimal currencies", () => {
    expect([minorUnitExponent("JPY"), minorUnitExponent("EUR"), minorUnitExponent("KWD")]).toEqual([
      0, 2, 3,
    ]);
  });

  it("reads trailing zeros Mollie may write, but never rounds a value finer than the minor unit", () => {
    expect(fromMollieAmount({ currency: "JPY", value: "4550.00" })).toEqual({
      amount: 4550,
      currency: "JPY",
    });
    expect(() => fromMollieAmount({ currency: "JPY", value: "4550.5" })).toThrow(
      PaymentProviderError,
    );
    expect(() => fromMollieAmount({ currency: "EUR", value: "45.505" })).toThrow(
      PaymentProviderError,
    );
    expect(() => fromMollieAmount({ currency: "EUR", value: "-1.00" })).toThrow(
      PaymentProviderError,
    );
    expect(() => fromMollieAmount({ currency: "EUR", value: "1e3" })).toThrow(PaymentProviderError);
  });

  it("refuses fractional or negative minor units and unknown currencies before anything is sent", () => {
    expect(() => toMollieAmount({ amount: 45.5, currency: "EUR" })).toThrow(PaymentProviderError);
    expect(() => toMollieAmount({ amount: -1, currency: "EUR" })).toThrow(PaymentProviderError);
    expect(() => toMollieAmount({ amount: 100, currency: "EURO" })).toThrow(PaymentProviderError);
  });
});
