import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { SandboxPayment } from "../providers/sandbox/sandbox-payment.js";
import type { Harness, KitClient } from "./test-harness.js";

/** The sandbox's current record of a payment, read through its API (as the provider sees it). */
export async function sandboxPayment(h: Harness, reference: string): Promise<SandboxPayment> {
  const response = await fetch(`${h.sandboxUrl}/api/payments/${reference}`, {
    headers: { authorization: "Bearer sk_test" },
  });
  if (!response.ok) throw new Error(`sandbox payment ${reference}: ${response.status}`);
  return (await response.json()) as SandboxPayment;
}

export interface DeliveryOptions {
  /** Sign with this secret instead of the real one (a forgery). */
  secret?: string;
  /** Seconds to add to the current time in `webhook-timestamp`. */
  skewSeconds?: number;
  /** The notification's id; a fresh one by default. */
  id?: string;
  /** Change the body after signing it. */
  tamper?: (body: string) => string;
}

/**
 * POST a Standard Webhooks notification about `payment` to the kit, built and signed exactly as
 * the sandbox builds and signs its own, with knobs to forge, tamper or skew it.
 */
export async function deliverWebhook(
  h: Harness,
  c: KitClient,
  payment: SandboxPayment,
  options: DeliveryOptions = {},
) {
  const id = options.id ?? `msg_${randomBytes(12).toString("base64url")}`;
  const body = JSON.stringify({
    type: "payment.updated",
    createdAt: payment.updatedAt,
    data: payment,
  });
  const at = new Date(Date.now() + (options.skewSeconds ?? 0) * 1000);
  const signature = new Webhook(options.secret ?? h.webhookSecret).sign(id, at, body);
  return c.api("POST", "/webhooks/sandbox", {
    body: options.tamper ? options.tamper(body) : body,
    headers: {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
  });
}
