import { isAdmitApiError, isNetworkError, isTimeoutError } from "@admit/client";
import { en } from "../locales/en.js";
import type { WidgetProblemCode } from "./widget-state.js";

/**
 * The problem code the buyer gets a message for. Answers outside the contract (a proxy's
 * HTML page, a code this version does not know) become `unknown` rather than a raw code.
 * Every catalogue has a message for each code English has (`satisfies Messages`).
 */
export function problemOf(error: unknown): WidgetProblemCode {
  if (isAdmitApiError(error)) {
    return Object.hasOwn(en.problems, error.code) ? (error.code as WidgetProblemCode) : "unknown";
  }
  if (isTimeoutError(error)) return "timeout";
  if (isNetworkError(error)) return "network";
  return "unknown";
}
