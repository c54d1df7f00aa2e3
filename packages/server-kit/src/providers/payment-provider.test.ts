import { describe, expect, test } from "vitest";
import { isPaymentProviderError, PaymentProviderError } from "./payment-provider.js";

describe("isPaymentProviderError", () => {
  test("recognizes the kit's own and another package copy's PaymentProviderError, nothing else", () => {
    class ForeignCopy extends Error {
      override readonly name = "PaymentProviderError";
    }
    expect(isPaymentProviderError(new PaymentProviderError("down"))).toBe(true);
    expect(isPaymentProviderError(new ForeignCopy("down"))).toBe(true);
    expect(isPaymentProviderError(new Error("down"))).toBe(false);
    expect(isPaymentProviderError({ name: "PaymentProviderError" })).toBe(false);
    expect(isPaymentProviderError(undefined)).toBe(false);
  });
});
