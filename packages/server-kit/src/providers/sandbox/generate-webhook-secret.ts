import { randomBytes } from "node:crypto";

/**
 * A new Standard Webhooks secret: `whsec_` followed by 32 random bytes in base64. Give the same
 * secret to `createSandboxService` (which signs) and `sandboxProvider` (which verifies).
 *
 * @example
 * const webhookSecret = process.env.SANDBOX_WEBHOOK_SECRET ?? generateWebhookSecret();
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
