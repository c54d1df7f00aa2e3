import { isAdmitApiError, isNetworkError, isTimeoutError } from "@admit/client";
import { en } from "../locales/en.js";
import type { WidgetProblemCode } from "./widget-state.js";

/**
 * What went wrong, as a code: the server's problem code, `network` or `timeout`. Answers
 * outside the public routes' codes (a proxy's HTML page, an admin code, a code this version
 * does not know) become `unknown` rather than a raw code. The buyer reads `Localizer.problem(code)`; hosts get the
 * code in `admit-error`.
 */
export function problemOf(error: unknown): WidgetProblemCode {
  if (isAdmitApiError(error)) {
    // The codes the public routes answer are the ones with a message; any other is `unknown`.
    return Object.hasOwn(en.problems, error.code) ? (error.code as WidgetProblemCode) : "unknown";
  }
  if (isTimeoutError(error)) return "timeout";
  if (isNetworkError(error)) return "network";
  return "unknown";
}
