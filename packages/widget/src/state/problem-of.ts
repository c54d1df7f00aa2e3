import { isAdmitApiError, isNetworkError, isTimeoutError } from "@admit/client";
import type { Messages } from "../locales/en-all.js";
import type { WidgetProblemCode } from "./widget-state.js";

/**
 * The codes the public routes answer: each has a message (`en-later.ts`, loaded when shown).
 * Listed here, not read from the messages, so the first script needs none of them.
 */
export const PUBLIC_PROBLEM_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  "invalid_request",
  "not_found",
  "not_on_sale",
  "sold_out",
  "limit_exceeded",
  "hold_not_active",
  "order_not_payable",
  "idempotency_in_progress",
  "rate_limited",
  "busy",
  "provider_unavailable",
  "internal_error",
] satisfies (keyof Messages["problems"])[]);

/**
 * What went wrong, as a code: the server's problem code, `network` or `timeout`. Answers
 * outside the public routes' codes (a proxy's HTML page, an admin code, a code this version
 * does not know) become `unknown` rather than a raw code. The buyer reads `Localizer.problem(code)`; hosts get the
 * code in `admit-error`.
 */
export function problemOf(error: unknown): WidgetProblemCode {
  if (isAdmitApiError(error)) {
    // The codes the public routes answer are the ones with a message; any other is `unknown`.
    // A promo code's refusals have theirs in the promo field's chunk, loaded when codes exist.
    return PUBLIC_PROBLEM_CODES.has(error.code) || error.code.startsWith("promo_code_")
      ? (error.code as WidgetProblemCode)
      : "unknown";
  }
  if (isTimeoutError(error)) return "timeout";
  if (isNetworkError(error)) return "network";
  return "unknown";
}
