import { isAdmitApiError, isNetworkError, isTimeoutError } from "@admit/client";
import { isProblemCode } from "@admit/client/contract";
import type { WidgetProblemCode } from "./widget-state.js";

/**
 * What went wrong, as a code: the server's problem code, `network` or `timeout`. Answers
 * outside the contract (a proxy's HTML page, a code this version does not know) become
 * `unknown` rather than a raw code. The buyer reads `Localizer.problem(code)`; hosts get the
 * code in `admit-error`.
 */
export function problemOf(error: unknown): WidgetProblemCode {
  if (isAdmitApiError(error)) return isProblemCode(error.code) ? error.code : "unknown";
  if (isTimeoutError(error)) return "timeout";
  if (isNetworkError(error)) return "network";
  return "unknown";
}
