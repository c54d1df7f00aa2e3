import { AdmitClientError, isAdmitClientError } from "./admit-client-error.js";

/**
 * One attempt got no answer within `timeoutMs`. Timed-out attempts are not retried: the
 * buyer has already waited the whole timeout.
 *
 * @example
 * catch (error) {
 *   if (isTimeoutError(error)) showSlowServerNotice(error.timeoutMs);
 * }
 */
export class TimeoutError extends AdmitClientError {
  override readonly name = "TimeoutError";
  declare readonly code: "timeout";
  /** What was requested, for example `GET /orders/ord_…`. */
  readonly request: string;
  /** The limit that was exceeded. */
  readonly timeoutMs: number;

  constructor(request: string, timeoutMs: number, options?: ErrorOptions) {
    super("timeout", `No answer to ${request} within ${timeoutMs} ms.`, options);
    this.request = request;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Whether `error` is a {@link TimeoutError}.
 * @example if (isTimeoutError(error)) retryLater();
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return isAdmitClientError(error) && error.name === "TimeoutError";
}
