/** The names of the server kit's errors: each is a {@link ServerKitError}. */
const SERVER_KIT_ERRORS: ReadonlySet<string> = new Set([
  "AdmitError",
  "PaymentProviderError",
  "WebhookVerificationError",
]);

/**
 * The base of every error the server kit throws on purpose: a literal `name`, a stable `code`,
 * a message in one style ("@admit/server-kit: Failed to …. Make sure to …") and the `cause`.
 */
export abstract class ServerKitError extends Error {
  abstract override readonly name: string;
  /** The stable code (a problem code of the HTTP API). */
  abstract readonly code: string;
}

/**
 * Whether `error` is one of the kit's errors, also one from another copy of this package.
 *
 * @example
 * catch (error) { if (!isServerKitError(error)) throw error; log(error.code); }
 */
export function isServerKitError(error: unknown): error is ServerKitError {
  return error instanceof Error && SERVER_KIT_ERRORS.has(error.name) && "code" in error;
}

/**
 * The one message style of the kit's thrown errors: what failed and how to fix it.
 *
 * @example
 * failureMessage("create the kit: `providers` is empty", "give at least one payment provider")
 * // "@admit/server-kit: Failed to create the kit: `providers` is empty. Make sure to give at least one payment provider."
 */
export function failureMessage(what: string, fix: string): string {
  return `@admit/server-kit: Failed to ${what}. Make sure to ${fix}.`;
}
