import type { Money } from "@admit/client/contract";
import { Webhook } from "standardwebhooks";
import * as z from "zod/mini";
import { failureMessage } from "../../errors/server-kit-error.js";
import {
  type CreatedPayment,
  type CreatePaymentInput,
  type ListedPayment,
  type PaymentProvider,
  PaymentProviderError,
  type ProviderEvent,
  type ProviderPayment,
  type RefundResult,
  type SignedPaymentProvider,
  WebhookVerificationError,
} from "../payment-provider.js";
import { SandboxErrorBody } from "./sandbox-api-schemas.js";
import {
  SandboxPayment,
  SandboxPaymentList,
  SandboxRefund,
  SandboxWebhookEvent,
  toProviderPayment,
} from "./sandbox-payment.js";
import { assertWebhookSecret } from "./sandbox-service-options.js";

/** Options of {@link sandboxProvider}. */
export interface SandboxProviderOptions {
  /** Base URL of the sandbox service, as the server reaches it (its `publicUrl`, or `listen()`'s `url`). */
  url: string;
  /** The service's `apiKey`. */
  apiKey: string;
  /** The service's `webhookSecret`. */
  webhookSecret: string;
  /**
   * `"manual"` makes Pay authorize only; the kit then captures or voids.
   * @default "automatic"
   */
  captureMode?: "automatic" | "manual";
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * The provider's name: the webhook route is `POST /webhooks/<name>`.
   * @default "sandbox"
   */
  name?: string;
  /**
   * How long one API call may take before it fails with {@link PaymentProviderError}.
   * @default 10_000
   */
  timeoutMs?: number;
}

/**
 * The {@link PaymentProvider} for the sandbox service: talks to it over HTTP exactly as a
 * provider for a real payment service would, and verifies its Standard Webhooks signatures.
 *
 * @example
 * const admit = createAdmit({
 *   providers: [sandboxProvider({ url: "http://127.0.0.1:4010", apiKey: "sk_sandbox_dev", webhookSecret })],
 *   // …
 * });
 */
export function sandboxProvider(options: SandboxProviderOptions): SignedPaymentProvider {
  assertWebhookSecret(options.webhookSecret);
  const webhook = new Webhook(options.webhookSecret);
  const base = new URL(options.url);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const captureMode = options.captureMode ?? "automatic";

  async function call<T>(
    schema: z.ZodMiniType<T>,
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (idempotencyKey !== undefined) headers["idempotency-key"] = idempotencyKey;
    const url = new URL(path, base);
    let response: Response;
    let payload: unknown;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      payload = await response.json().catch(() => undefined);
    } catch (cause) {
      throw new PaymentProviderError(
        failureMessage(
          `call the sandbox (${method} ${url.pathname}): no answer`,
          "start the sandbox service and give its url",
        ),
        {
          cause,
        },
      );
    }
    if (!response.ok) {
      const error = z.safeParse(SandboxErrorBody, payload);
      const detail = error.success ? `${error.data.error.code}: ${error.data.error.message}` : "";
      throw new PaymentProviderError(
        failureMessage(
          `call the sandbox (${method} ${url.pathname}): it answered ${response.status}${detail ? ` ${detail}` : ""}`,
          "give the sandbox's apiKey and a payment it knows",
        ),
        {
          status: response.status,
          providerCode: error.success ? error.data.error.code : undefined,
        },
      );
    }
    const parsed = z.safeParse(schema, payload);
    if (!parsed.success) {
      throw new PaymentProviderError(
        failureMessage(
          `call the sandbox (${method} ${url.pathname}): it answered a body of an unexpected shape`,
          "run a sandbox service of the same version as the provider",
        ),
        { status: response.status, cause: parsed.error },
      );
    }
    return parsed.data;
  }

  const paymentPath = (reference: string) => `api/payments/${encodeURIComponent(reference)}`;

  return {
    name: options.name ?? "sandbox",
    verification: "signed",
    captureMode,

    async createPayment(input: CreatePaymentInput, { idempotencyKey }): Promise<CreatedPayment> {
      const payment = await call(
        SandboxPayment,
        "POST",
        "api/payments",
        {
          paymentId: input.paymentId,
          orderId: input.orderId,
          amount: input.amount,
          expiresAt: input.expiresAt.toISOString(),
          returnUrl: input.returnUrl,
          description: input.description,
          buyerEmail: input.buyerEmail,
          reference: input.reference,
          eventId: input.eventId,
          captureMode,
        },
        idempotencyKey,
      );
      return { providerReference: payment.id, paymentUrl: payment.paymentUrl };
    },

    async getPayment(reference): Promise<ProviderPayment> {
      return toProviderPayment(await call(SandboxPayment, "GET", paymentPath(reference)));
    },

    async listPayments({ eventId, createdFrom }): Promise<ListedPayment[]> {
      const query = new URLSearchParams({ eventId, createdFrom: createdFrom.toISOString() });
      const list = await call(SandboxPaymentList, "GET", `api/payments?${query}`);
      return list.data.map((payment) => ({
        ...toProviderPayment(payment),
        orderId: payment.orderId,
        ...(payment.eventId ? { eventId: payment.eventId } : {}),
        createdAt: new Date(payment.createdAt),
      }));
    },

    async capture(reference, amount: Money): Promise<ProviderPayment> {
      const path = `${paymentPath(reference)}/capture`;
      return toProviderPayment(await call(SandboxPayment, "POST", path, { amount }));
    },

    async void(reference): Promise<ProviderPayment> {
      const path = `${paymentPath(reference)}/void`;
      return toProviderPayment(await call(SandboxPayment, "POST", path, {}));
    },

    async refund(reference, amount, { idempotencyKey }): Promise<RefundResult> {
      const path = `${paymentPath(reference)}/refunds`;
      const refund = await call(SandboxRefund, "POST", path, { amount }, idempotencyKey);
      return {
        refundReference: refund.id,
        status: refund.status,
        ...(refund.failureReason ? { failureReason: refund.failureReason } : {}),
      };
    },

    async verifyWebhook(rawBody, headers): Promise<ProviderEvent> {
      let event: SandboxWebhookEvent;
      try {
        // Fatal decoding (bytes that are not UTF-8 cannot be what the sandbox signed) that keeps
        // a byte-order mark: the HMAC is then computed over exactly the bytes received.
        const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(rawBody);
        // The library checks the HMAC and that the timestamp is within ±5 minutes of now.
        const payload = webhook.verify(text, {
          "webhook-id": headers.get("webhook-id") ?? "",
          "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
          "webhook-signature": headers.get("webhook-signature") ?? "",
        });
        event = z.parse(SandboxWebhookEvent, payload);
      } catch (cause) {
        throw new WebhookVerificationError(
          failureMessage(
            "verify a sandbox webhook: its signature does not match",
            "give the provider the sandbox service's webhookSecret and hand the kit the raw body",
          ),
          { cause },
        );
      }
      return { eventId: headers.get("webhook-id")!, payment: toProviderPayment(event.data) };
    },
  };
}
