/**
 * The answers a `country` question takes: ISO 3166-1 alpha-2 codes. A module of its own so the
 * widget's first script, which parses the event's questions, does not carry it.
 * @module
 */

// Region codes the platform names that are not ISO 3166-1 countries today: the EU, the UN, the
// eurozone, "unknown", the private-use ranges QM-QZ and XA-XZ, the exceptionally reserved codes
// (AC, CP, CQ, DG, EA, IC, TA) and the withdrawn ones (AN, BU, CS, DD, ... ZR).
const NOT_COUNTRIES =
  /^(EU|EZ|UN|ZZ|Q[M-Z]|X[A-Z]|AC|CP|CQ|DG|EA|IC|TA|AN|BU|CS|DD|DY|FX|HV|NH|RH|SU|TP|UK|VD|YD|YU|ZR)$/;

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
