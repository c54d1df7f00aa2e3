/** Marks errors of this package across bundle copies, where `instanceof` would fail. */
const BRAND = Symbol.for("@admit/client.error");

/**
 * The base of every error `@admit/client` throws (except a caller's own abort reason,
 * which is passed through untouched). `code` is stable and safe to branch on.
 *
 * @example
 * try {
 *   await client.createHold(request);
 * } catch (error) {
 *   if (isAdmitClientError(error)) console.warn(error.code, error.message);
 *   else throw error;
 * }
 */
export class AdmitClientError extends Error {
  override readonly name: string = "AdmitClientError";
  /** Stable machine-readable code, for example `"network_error"` or a problem code. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `error` was thrown by `@admit/client`, even by another copy of the package.
 * @example if (isAdmitClientError(error)) showBanner(error.message);
 */
export function isAdmitClientError(error: unknown): error is AdmitClientError {
  return typeof error === "object" && error !== null && BRAND in error;
}
