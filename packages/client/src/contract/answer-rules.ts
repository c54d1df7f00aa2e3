/**
 * The rules of answers the widget checks before sending and the server checks again: phone
 * numbers and countries. A module of its own so the widget's first script, which parses the
 * event's questions, does not carry them (they travel in the held screen's chunk).
 * @module
 */

// As people type a phone number: an optional +, then digits with spaces, dots, dashes or
// brackets.
const PHONE = /^\+?[\d\s().-]+$/;

/**
 * Whether `value` is a phone number as people type one: an optional `+`, digits with spaces,
 * dots, dashes or brackets, 4 to 20 digits (E.164 has at most 15; extensions add a few).
 * @example isPhoneNumber("+49 30 1234567") // true
 */
export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/g, "").length;
  return PHONE.test(value) && digits >= 4 && digits <= 20;
}

// Region codes the platform names that are not ISO 3166-1 countries today: the EU, the UN, the
// eurozone, "unknown", the private-use ranges QM-QZ and XA-XZ (but XK, Kosovo, which everyone
// uses), the exceptionally reserved codes
// (AC, CP, CQ, DG, EA, IC, TA) and the withdrawn ones (AN, BU, CS, DD, ... ZR).
const NOT_COUNTRIES =
  /^(EU|EZ|UN|ZZ|Q[M-Z]|X[A-JL-Z]|AC|CP|CQ|DG|EA|IC|TA|AN|BU|CS|DD|DY|FX|HV|NH|RH|SU|TP|UK|VD|YD|YU|ZR)$/;

/**
 * Whether `code` is an ISO 3166-1 alpha-2 country code the platform knows a name for (the
 * `country` question's answer), such as `DE`.
 * @example isCountryCode("DE") // true
 */
export function isCountryCode(code: string, names = regionNames()): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.test(code)) return false;
  try {
    return names.of(code) !== undefined;
  } catch {
    return false;
  }
}

function regionNames() {
  return new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
}

/** Every country code {@link isCountryCode} accepts, A to Z: the choices of a `country` question. */
export function countryCodes(): string[] {
  const codes: string[] = [];
  const names = regionNames();
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (isCountryCode(code, names)) codes.push(code);
    }
  return codes;
}
