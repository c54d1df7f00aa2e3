import { ServerKitError } from "./server-kit-error.js";

/** A notification whose signature, timestamp or body did not verify. */
export class WebhookVerificationError extends ServerKitError {
  override readonly name = "WebhookVerificationError";
  readonly code = "invalid_signature";
}

/**
 * Whether `error` is a {@link WebhookVerificationError}, also one from another copy of this
 * package: a notification to answer 401 and otherwise ignore.
 *
 * @example
 * try { verifyAdmitWebhook(body, headers, secret); }
 * catch (error) { if (isWebhookVerificationError(error)) return new Response(null, { status: 401 }); throw error; }
 */
export function isWebhookVerificationError(error: unknown): error is WebhookVerificationError {
  return (
    error instanceof WebhookVerificationError ||
    (error instanceof Error && error.name === "WebhookVerificationError")
  );
}
