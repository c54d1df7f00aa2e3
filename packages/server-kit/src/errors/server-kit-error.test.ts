import { describe, expect, test } from "vitest";
import { AdmitError, isAdmitError } from "./admit-error.js";
import { isPaymentProviderError, PaymentProviderError } from "./payment-provider-error.js";
import { failureMessage, isServerKitError, ServerKitError } from "./server-kit-error.js";
import {
  isWebhookVerificationError,
  WebhookVerificationError,
} from "./webhook-verification-error.js";

/** An error as another copy of the package would make it: same name and code, another class. */
function foreign(name: string, code: string): Error {
  return Object.assign(new Error("from another copy"), { name, code });
}

describe("the server kit's errors", () => {
  const errors = [
    [new AdmitError("sold_out"), isAdmitError, "AdmitError"],
    [new PaymentProviderError("down"), isPaymentProviderError, "PaymentProviderError"],
    [
      new WebhookVerificationError("forged"),
      isWebhookVerificationError,
      "WebhookVerificationError",
    ],
  ] as const;

  test.each(errors)(
    "%s shares the base, and its guard knows it also across copies",
    (error, guard, name) => {
      expect(error).toBeInstanceOf(ServerKitError);
      expect(error.name).toBe(name);
      expect(isServerKitError(error)).toBe(true);
      expect(guard(error)).toBe(true);
      expect(guard(foreign(name, error.code))).toBe(true);
      expect(isServerKitError(foreign(name, error.code))).toBe(true);
    },
  );

  test("each guard refuses the others' errors and plain errors", () => {
    for (const [, guard, name] of errors) {
      for (const [other, , otherName] of errors)
        if (otherName !== name) expect(guard(other)).toBe(false);
      expect(guard(new Error("plain"))).toBe(false);
    }
    expect(isServerKitError(new TypeError("plain"))).toBe(false);
  });

  test("a thrown message says what failed and how to fix it", () => {
    expect(
      failureMessage("create the kit: `providers` is empty", "give at least one provider"),
    ).toBe(
      "@admit/server-kit: Failed to create the kit: `providers` is empty. Make sure to give at least one provider.",
    );
  });
});
