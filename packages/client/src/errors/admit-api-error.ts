import type { Problem, ProblemCode } from "../contract/problem.js";
import { AdmitClientError, isAdmitClientError } from "./admit-client-error.js";

/**
 * The server answered with a problem (RFC 9457) or another non-2xx status.
 *
 * `code` is the problem's `code` (see `PROBLEMS`), or `http_<status>` (for example
 * `http_502`) when the answer was not a problem body, such as an HTML page from a proxy;
 * `problem` is then synthesized from the status so it is always present.
 *
 * @example
 * catch (error) {
 *   if (isAdmitApiError(error, "sold_out")) showRemaining(error.problem.tiers);
 * }
 */
export class AdmitApiError extends AdmitClientError {
  override readonly name = "AdmitApiError";
  declare readonly code: ProblemCode | (string & {});
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The problem body as the server sent it (extra members included). */
  readonly problem: Problem;
  /** How long the server asked to wait (`Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(problem: Problem, status: number, retryAfterMs?: number) {
    super(
      problem.code,
      `${problem.title} (${problem.code}, HTTP ${status})${problem.detail ? `: ${problem.detail}` : ""}`,
    );
    this.status = status;
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Whether `error` is an answer of the API, optionally with the given `code`: a problem
 * code (a misspelled one does not compile) or `http_<status>` for a non-problem answer.
 * @example if (isAdmitApiError(error, "hold_not_active")) restartSelection();
 */
export function isAdmitApiError<C extends ProblemCode>(
  error: unknown,
  code: C,
): error is AdmitApiError & { readonly code: C };
export function isAdmitApiError(error: unknown, code?: `http_${number}`): error is AdmitApiError;
export function isAdmitApiError(error: unknown, code?: string): error is AdmitApiError {
  return (
    isAdmitClientError(error) &&
    error.name === "AdmitApiError" &&
    (code === undefined || error.code === code)
  );
}
