import { AdmitClientError, isAdmitClientError } from "./admit-client-error.js";

/**
 * No answer arrived: offline, DNS failure, connection reset, or a CORS refusal (browsers
 * cannot tell these apart). Thrown after the client's own retries are used up.
 *
 * @example
 * catch (error) {
 *   if (isNetworkError(error)) showOfflineNotice();
 * }
 */
export class NetworkError extends AdmitClientError {
  override readonly name = "NetworkError";
  declare readonly code: "network_error";
  /** What was requested, for example `POST /holds`. */
  readonly request: string;

  constructor(request: string, options?: ErrorOptions) {
    super(
      "network_error",
      `No answer to ${request}: the network or the server is unreachable (or CORS refused the origin).`,
      options,
    );
    this.request = request;
  }
}

/**
 * Whether `error` is a {@link NetworkError}.
 * @example if (isNetworkError(error)) retryLater();
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return isAdmitClientError(error) && error.name === "NetworkError";
}
