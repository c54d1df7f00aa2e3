import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimitOptions } from "../admit-options.js";
import { AdmitError } from "../errors/admit-error.js";

/**
 * Per-client-IP request limits. Uses `rate-limiter-flexible` (maintained, correct window
 * arithmetic, and the same API over Redis or PostgreSQL when a host needs limits shared by
 * several processes) rather than a hand-rolled counter. Limits are per process.
 */
export class ClientRateLimiter {
  readonly #requests: RateLimiterMemory;
  readonly #holds: RateLimiterMemory;

  constructor(options: Required<RateLimitOptions>) {
    this.#requests = new RateLimiterMemory({ points: options.requestsPerMinute, duration: 60 });
    this.#holds = new RateLimiterMemory({ points: options.holdsPerMinute, duration: 60 });
  }

  /** Count one request; throws 429 `rate_limited` with Retry-After when over the limit. */
  async consume(clientKey: string, kind: "request" | "hold"): Promise<void> {
    try {
      await (kind === "hold" ? this.#holds : this.#requests).consume(clientKey);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AdmitError(
        "rate_limited",
        `Too many requests; retry in ${seconds} s`,
        {},
        { retryAfterSeconds: seconds },
      );
    }
  }
}
