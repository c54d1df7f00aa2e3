import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import type { RateLimitOptions, RateLimitStore } from "../admit-options.js";
import { AdmitError } from "../errors/admit-error.js";

// Errors PostgreSQL gives when another process created the same table at the same instant.
const ALREADY_CREATED = new Set(["23505", "42P07"]);

/** One limiter of `points` per minute on `store`, ready once its table exists (PostgreSQL). */
function createLimiter(
  store: RateLimitStore,
  keyPrefix: string,
  points: number,
): { limiter: RateLimiterAbstract; ready: Promise<void> } {
  const base = { keyPrefix, points, duration: 60 };
  if (store.type === "redis")
    return {
      limiter: new RateLimiterRedis({
        ...base,
        storeClient: store.client,
        ...(store.useRedisPackage ? { useRedisPackage: true } : {}),
      }),
      ready: Promise.resolve(),
    };
  if (store.type === "postgres") {
    let limiter!: RateLimiterAbstract;
    const ready = new Promise<void>((resolve, reject) => {
      limiter = new RateLimiterPostgres(
        {
          ...base,
          storeClient: store.pool,
          storeType: "pool",
          tableName: store.tableName ?? "admit_rate_limits",
          ...(store.schemaName ? { schemaName: store.schemaName } : {}),
          clearExpiredByTimeout: true,
        },
        (error?: Error) =>
          !error || ALREADY_CREATED.has((error as { code?: string }).code ?? "")
            ? resolve()
            : reject(error),
      );
    });
    return { limiter, ready };
  }
  return { limiter: new RateLimiterMemory(base), ready: Promise.resolve() };
}

/**
 * Per-client-IP request limits on `rate-limiter-flexible` (maintained, correct window
 * arithmetic): in memory per process by default, or shared by every process given the same
 * PostgreSQL or Redis `rateLimit.store`.
 */
export class ClientRateLimiter {
  readonly #limiters: Record<
    "request" | "hold",
    { limiter: RateLimiterAbstract; ready: Promise<void> }
  >;
  readonly #make: (kind: "request" | "hold") => {
    limiter: RateLimiterAbstract;
    ready: Promise<void>;
  };

  constructor(options: Required<RateLimitOptions>) {
    this.#make = (kind) => {
      const made = createLimiter(
        options.store,
        `admit:${kind}`,
        kind === "hold" ? options.holdsPerMinute : options.requestsPerMinute,
      );
      // A failed table creation is answered by consume(); never an unhandled rejection.
      made.ready.catch(() => {});
      return made;
    };
    this.#limiters = { request: this.#make("request"), hold: this.#make("hold") };
  }

  /** Count one request; throws 429 `rate_limited` with Retry-After when over the limit. */
  async consume(clientKey: string, kind: "request" | "hold"): Promise<void> {
    const { limiter, ready } = this.#limiters[kind];
    try {
      await ready.catch((error: unknown) => {
        // The table could not be created (database down at boot): the next request tries again.
        this.#limiters[kind] = this.#make(kind);
        throw error;
      });
      await limiter.consume(clientKey);
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
