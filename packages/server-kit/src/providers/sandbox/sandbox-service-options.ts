import { Webhook } from "standardwebhooks";
import { failureMessage } from "../../errors/server-kit-error.js";
import type { SandboxRefundFailure } from "./sandbox-payment.js";

/**
 * Options of {@link createSandboxService}.
 *
 * @example
 * createSandboxService({
 *   apiKey: "sk_sandbox_dev",
 *   webhookSecret: generateWebhookSecret(),
 *   publicUrl: "http://localhost:3000/sandbox",
 *   webhookUrl: "http://localhost:3000/admit/webhooks/sandbox",
 * });
 */
export interface SandboxServiceOptions {
  /** The kit authenticates its API calls with `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Standard Webhooks secret (`whsec_<base64>`) that signs every webhook; see `generateWebhookSecret()`. */
  webhookSecret: string;
  /**
   * Absolute base URL where this service is reachable by the browser and the kit, for example
   * `http://localhost:3000/sandbox`. Payment URLs are built from it. A port of `0`
   * (`http://127.0.0.1:0`) is replaced by the port {@link SandboxService.listen} gets.
   */
  publicUrl: string;
  /**
   * Where signed webhooks are POSTed (the kit's `/webhooks/sandbox`).
   * @default undefined (no webhooks)
   */
  webhookUrl?: string;
  /**
   * `false` switches webhooks off, so that status lookup alone must work.
   * @default true
   */
  webhooks?: boolean;
  /**
   * The sandbox's clock: it decides when a payment request has expired.
   * Webhook timestamps use real time, because receivers check them against their own clock.
   * @default () => new Date()
   */
  clock?: () => Date;
  /**
   * Delivery attempts per webhook event and the delay before the first retry; each further
   * retry waits twice as long (500 ms, 1 s, 2 s, … about a minute in total by default).
   * @default { attempts: 8, baseDelayMs: 500 }
   */
  webhookRetry?: { attempts?: number; baseDelayMs?: number };
  /**
   * A JSON file that keeps payments and idempotency keys across restarts (pending webhook
   * retries are not kept).
   * @default undefined (in memory)
   */
  dataFile?: string;
  /**
   * The `fetch` that delivers webhooks.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Fail every refund with this reason, as a provider does for a method that cannot be refunded
   * (`refund_impossible`) or a balance that cannot cover it (`insufficient_funds`); switch it at
   * run time with `setRefundFailure()`.
   * @default null (refunds succeed)
   * @example createSandboxService({ ...options, refundFailure: "refund_impossible" })
   */
  refundFailure?: SandboxRefundFailure | null;
}

/** {@link SandboxServiceOptions} with every default applied. */
export interface ResolvedSandboxServiceOptions {
  apiKey: string;
  webhookSecret: string;
  publicUrl: URL;
  webhookUrl: string | undefined;
  webhooks: boolean;
  clock: () => Date;
  webhookRetry: { attempts: number; baseDelayMs: number };
  dataFile: string | undefined;
  fetch: typeof fetch;
  refundFailure: SandboxRefundFailure | null;
}

/** Applies the defaults and refuses options that cannot work, at startup rather than at the first payment. */
export function resolveSandboxServiceOptions(
  options: SandboxServiceOptions,
): ResolvedSandboxServiceOptions {
  if (!options.apiKey)
    throw new TypeError(
      failureMessage("start the sandbox service: `apiKey` is empty", "give an apiKey"),
    );
  assertWebhookSecret(options.webhookSecret);
  const publicUrl = new URL(options.publicUrl);
  if (!publicUrl.pathname.endsWith("/")) publicUrl.pathname += "/";
  if (options.webhookUrl !== undefined) new URL(options.webhookUrl);
  const attempts = options.webhookRetry?.attempts ?? 8;
  const baseDelayMs = options.webhookRetry?.baseDelayMs ?? 500;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new TypeError(
      failureMessage(
        `start the sandbox service: \`webhookRetry.attempts\` is ${attempts}`,
        "give a positive integer",
      ),
    );
  }
  if (!(baseDelayMs >= 0))
    throw new TypeError(
      failureMessage(
        `start the sandbox service: \`webhookRetry.baseDelayMs\` is ${baseDelayMs}`,
        "give 0 or more milliseconds",
      ),
    );
  return {
    apiKey: options.apiKey,
    webhookSecret: options.webhookSecret,
    publicUrl,
    webhookUrl: options.webhookUrl,
    webhooks: options.webhooks ?? true,
    clock: options.clock ?? (() => new Date()),
    webhookRetry: { attempts, baseDelayMs },
    dataFile: options.dataFile,
    fetch: options.fetch ?? globalThis.fetch,
    refundFailure: options.refundFailure ?? null,
  };
}

/** Throws a helpful error unless `secret` is a usable Standard Webhooks secret. */
export function assertWebhookSecret(secret: string): void {
  if (!secret?.startsWith("whsec_")) {
    throw new TypeError(
      failureMessage(
        "use the sandbox's `webhookSecret`: it is not a Standard Webhooks secret",
        "give it as `whsec_<base64>`; create one with generateWebhookSecret()",
      ),
    );
  }
  // The library decodes the key here and throws on an empty or undecodable one.
  new Webhook(secret);
}
