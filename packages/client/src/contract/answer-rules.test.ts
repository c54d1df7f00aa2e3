import { describe, expect, it } from "vitest";
import { countryCodes, isCountryCode, isPhoneNumber } from "./answer-rules.js";

describe("answer rules", () => {
  it.each(["+49 30 1234567", "(030) 123-45.67", "0049301234567", "1234"])(
    "%s is a phone number",
    (value) => expect(isPhoneNumber(value)).toBe(true),
  );
  it.each(["call me", "123", "+49 30 1234567 ext. 5", "1".repeat(21), "+", ""])(
    "%s is not a phone number",
    (value) => expect(isPhoneNumber(value)).toBe(false),
  );
  it("knows today's countries, not regions, private-use or withdrawn codes", () => {
    for (const code of ["DE", "GB", "US", "JP", "SS", "XK"])
      expect(isCountryCode(code), code).toBe(true);
    for (const code of ["EU", "UN", "ZZ", "XA", "QO", "UK", "SU", "de", "DEU", ""])
      expect(isCountryCode(code), code).toBe(false);
    const codes = countryCodes();
    expect(codes.length).toBeGreaterThan(240);
    expect(codes.every((c) => isCountryCode(c))).toBe(true);
  });
});
