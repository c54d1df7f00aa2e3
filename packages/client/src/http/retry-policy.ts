import { HTTPError, type RetryOptions as KyRetryOptions, TimeoutError } from "ky";
import type { ResolvedClientOptions } from "../client-options.js";
import { parseRetryAfter } from "./retry-after.js";

/** Statuses worth another attempt; 409 only with code `idempotency_in_progress`. */
const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504]);

/** Whether to retry after `error`, and how long the server asked to wait. */
export interface RetryDecision {
  readonly retry: boolean;
  readonly afterMs?: number | undefined;
}

/**
 * Decides whether a failed attempt is retried. Only called for requests that may be
 * repeated (GET, PUT, DELETE, or a POST/PATCH carrying an `Idempotency-Key`).
 * Never retried: the caller's abort, a timeout, a 4xx other than 408/429 and
 * `idempotency_in_progress`, and a `Retry-After` longer than `maxBackoffMs`.
 */
export async function decideRetry(
  error: unknown,
  maxBackoffMs: number,
  signal?: AbortSignal,
): Promise<RetryDecision> {
  if (signal?.aborted || error instanceof TimeoutError) return { retry: false };
  if (error instanceof HTTPError) {
    const { response } = error;
    if (!RETRY_STATUSES.has(response.status)) return { retry: false };
    if (response.status === 409 && (await problemCode(response)) !== "idempotency_in_progress") {
      return { retry: false };
    }
    const afterMs = parseRetryAfter(response.headers);
    if (afterMs !== undefined && afterMs > maxBackoffMs) return { retry: false };
    return { retry: true, afterMs };
  }
  // fetch rejects with a TypeError when no answer arrives, in every runtime.
  return { retry: error instanceof TypeError };
}

/**
 * ky's retry options for one request. The whole decision is ours (`shouldRetry` answers
 * true or false, never "default"), and the delay is the server's `Retry-After` when it
 * gave one, else exponential backoff with full jitter capped at `maxBackoffMs`.
 */
export function kyRetryOptions(
  retry: ResolvedClientOptions["retry"],
  repeatable: boolean,
  signal?: AbortSignal,
): KyRetryOptions {
  // ky's delay hooks only see the attempt number, so the last decision is kept here.
  let serverAskedMs: number | undefined;
  return {
    limit: repeatable ? retry.limit : 0,
    methods: ["get", "put", "delete", "post", "patch"],
    backoffLimit: retry.maxBackoffMs,
    delay: (attempt) =>
      serverAskedMs ?? Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** (attempt - 1)),
    jitter: (delay) => (serverAskedMs === undefined ? Math.random() * delay : delay),
    shouldRetry: async ({ error }) => {
      const decision = await decideRetry(error, retry.maxBackoffMs, signal);
      serverAskedMs = decision.afterMs;
      return decision.retry;
    },
  };
}

async function problemCode(response: Response): Promise<unknown> {
  try {
    return ((await response.clone().json()) as { code?: unknown } | null)?.code;
  } catch {
    return undefined;
  }
}
