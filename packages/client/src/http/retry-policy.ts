import type { ResolvedClientOptions } from "../client-options.js";
import { type AdmitApiError, isAdmitApiError } from "../errors/admit-api-error.js";
import type { NetworkError } from "../errors/network-error.js";

/** Statuses worth another attempt; 409 only with code `idempotency_in_progress`. */
const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504]);

/**
 * How long to wait before retrying after `failure`, or `undefined` to give up. Only asked
 * for requests that may be repeated (GET, PUT, DELETE, or a POST/PATCH carrying an
 * `Idempotency-Key`), and only while retries are left. Never retried: a 4xx other than
 * 408/429 and `idempotency_in_progress`, and a `Retry-After` longer than `maxBackoffMs`
 * (the error carries it, so the UI can tell the buyer). Timeouts and the caller's abort
 * never get here.
 *
 * The wait is the server's `Retry-After` when it gave one, else exponential backoff from
 * `backoffMs` with "full jitter" (a random share of it, so many clients do not retry in
 * step), capped at `maxBackoffMs`.
 *
 * @param retriesDone retries already made for this call (0 before the first retry)
 */
export function retryDelay(
  failure: AdmitApiError | NetworkError,
  retriesDone: number,
  { backoffMs, maxBackoffMs }: ResolvedClientOptions["retry"],
): number | undefined {
  if (isAdmitApiError(failure)) {
    const { status, code, retryAfterMs } = failure;
    if (!RETRY_STATUSES.has(status)) return undefined;
    if (status === 409 && code !== "idempotency_in_progress") return undefined;
    if (retryAfterMs !== undefined) return retryAfterMs > maxBackoffMs ? undefined : retryAfterMs;
  }
  return Math.random() * Math.min(maxBackoffMs, backoffMs * 2 ** retriesDone);
}
