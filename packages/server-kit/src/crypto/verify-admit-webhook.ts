import { Webhook } from "standardwebhooks";
import { failureMessage } from "../errors/server-kit-error.js";
import { WebhookVerificationError } from "../errors/webhook-verification-error.js";
import type { AdmitWebhookEvent } from "../services/notifications/notification-types.js";

/** Request headers as the Fetch API (`Headers`), Express or Fastify (`req.headers`) give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

const SIGNED_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

/**
 * Check one outbound webhook of the kit (`outboundWebhooks`) on the receiving side and answer
 * its event. Throws {@link WebhookVerificationError} unless the `webhook-signature` is the
 * endpoint's HMAC over the exact raw body, `webhook-id` and `webhook-timestamp` (compared in
 * constant time), and the timestamp is within 5 minutes of this machine's clock, either way.
 * A retry carries the same `webhook-id`: deduplicate on it.
 *
 * @example
 * // Express: the raw bytes, not a parsed body
 * app.post("/hooks/admit", express.raw({ type: "application/json" }), (req, res) => {
 *   let event: AdmitWebhookEvent;
 *   try {
 *     event = verifyAdmitWebhook(req.body, req.headers, process.env.ADMIT_WEBHOOK_SECRET!);
 *   } catch {
 *     return res.sendStatus(400);
 *   }
 *   if (event.type === "order.paid") markInvoicePaid(event.data.reference, event.data.orderId);
 *   res.sendStatus(204);
 * });
 */
export function verifyAdmitWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
): AdmitWebhookEvent {
  const webhook = standardWebhook(secret, "verify an Admit webhook");
  try {
    // Bytes that are not UTF-8 cannot be what the kit signed; a byte-order mark is kept, so the
    // HMAC is computed over exactly the bytes received.
    const text =
      typeof rawBody === "string"
        ? rawBody
        : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(rawBody);
    return webhook.verify(text, signedHeaders(headers)) as AdmitWebhookEvent;
  } catch (cause) {
    throw new WebhookVerificationError(
      failureMessage(
        "verify an Admit webhook: the signature did not verify",
        "pass the exact raw body, its webhook-* headers and the endpoint's secret",
      ),
      { cause },
    );
  }
}

function signedHeaders(headers: WebhookHeaders): Record<string, string> {
  const lower =
    headers instanceof Headers
      ? undefined
      : Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const picked: Record<string, string> = {};
  for (const name of SIGNED_HEADERS) {
    const value = lower ? lower[name] : (headers as Headers).get(name);
    picked[name] = Array.isArray(value) ? value.join(" ") : (value ?? "");
  }
  return picked;
}

/**
 * The signer/verifier of a Standard Webhooks secret; a `TypeError` naming `who` if the secret is
 * not `whsec_` + non-empty base64 (a configuration mistake, not a bad request).
 */
export function standardWebhook(secret: string, who: string): Webhook {
  try {
    if (!secret?.startsWith("whsec_")) throw new Error("the secret does not start with whsec_");
    return new Webhook(secret);
  } catch (cause) {
    throw new TypeError(
      failureMessage(
        `${who}: the secret is not a Standard Webhooks secret`,
        "give it as `whsec_<base64>` (for example from generateWebhookSecret())",
      ),
      { cause },
    );
  }
}
