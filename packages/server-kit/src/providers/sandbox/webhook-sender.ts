import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { SandboxPayment, SandboxWebhookEvent } from "./sandbox-payment.js";

export interface WebhookSenderOptions {
  url: string | undefined;
  secret: string;
  enabled: boolean;
  attempts: number;
  baseDelayMs: number;
  fetch: typeof fetch;
}

/** How long one delivery attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Delivers one signed Standard Webhooks message per payment change, in the background, with
 * exponential backoff. Every attempt of one event carries the same `webhook-id` (so the
 * receiver can deduplicate) and is signed afresh with the current time (so a late retry is not
 * refused as too old).
 */
export class WebhookSender {
  readonly #options: WebhookSenderOptions;
  readonly #webhook: Webhook;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #idleWaiters: Array<() => void> = [];
  #enabled: boolean;
  #closed = false;

  constructor(options: WebhookSenderOptions) {
    this.#options = options;
    this.#webhook = new Webhook(options.secret);
    this.#enabled = options.enabled;
  }

  setEnabled(enabled: boolean): void {
    this.#enabled = enabled;
    // Switching off also drops the retries still waiting.
    if (!enabled) this.#clearTimers();
  }

  /** Queues the event for a payment change; returns at once. */
  send(payment: SandboxPayment): void {
    if (!this.#options.url || !this.#enabled || this.#closed) return;
    const event: SandboxWebhookEvent = {
      type: "payment.updated",
      createdAt: payment.updatedAt,
      data: payment,
    };
    const id = `msg_${randomBytes(16).toString("base64url")}`;
    this.#schedule(id, JSON.stringify(event), 1, 0);
  }

  /** Resolves once no delivery is running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops all retries; deliveries already running finish on their own. */
  close(): void {
    this.#closed = true;
    this.#clearTimers();
  }

  #schedule(id: string, body: string, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const delivery = this.#attempt(id, body, attempt).finally(() => {
        this.#inFlight.delete(delivery);
        this.#notifyIfIdle();
      });
      this.#inFlight.add(delivery);
    }, delayMs);
    this.#timers.add(timer);
  }

  async #attempt(id: string, body: string, attempt: number): Promise<void> {
    if (!this.#enabled || this.#closed) return;
    const timestamp = new Date();
    let delivered = false;
    try {
      const response = await this.#options.fetch(this.#options.url!, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": this.#webhook.sign(id, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      delivered = response.ok;
      await response.body?.cancel();
    } catch {
      // A network error or timeout is a failed attempt like a non-2xx answer: retry below.
    }
    if (delivered || attempt >= this.#options.attempts || this.#closed) return;
    this.#schedule(id, body, attempt + 1, this.#options.baseDelayMs * 2 ** (attempt - 1));
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#notifyIfIdle();
  }

  #isIdle(): boolean {
    return this.#timers.size === 0 && this.#inFlight.size === 0;
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
