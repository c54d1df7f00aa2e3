import { isFinalOrderStatus, type OrderStatus } from "../contract/order.js";
import { isAdmitApiError } from "../errors/admit-api-error.js";
import { isNetworkError } from "../errors/network-error.js";
import { isTimeoutError } from "../errors/timeout-error.js";
import { currentDocument, type VisibilityDocument, whenVisible } from "./page-visibility.js";
import { sleep } from "./sleep.js";

/** Options of `AdmitClient.pollOrder`. */
export interface PollOptions {
  /** Ends the iteration quietly (no error) when aborted. */
  signal?: AbortSignal;
  /**
   * Shortest wait between two polls; the server's `nextPollMs` is raised to it.
   * Also the first delay of the backoff after an error.
   * @default 1000
   */
  minIntervalMs?: number;
  /**
   * Longest wait between two polls; the server's `nextPollMs` and the error backoff are
   * lowered to it. Only a server's `Retry-After` may ask for longer.
   * @default 30_000
   */
  maxIntervalMs?: number;
  /**
   * The status the caller already has (for example `Checkout.order`). It is not yielded
   * again; polling starts after its `nextPollMs`, and does not start at all when it is final.
   */
  initial?: OrderStatus;
}

/** The defaults of {@link PollOptions}, in one place. */
export const POLL_DEFAULTS = { minIntervalMs: 1000, maxIntervalMs: 30_000 } as const;

/** What the poller needs from its surroundings; tests pass fakes to control time. */
export interface PollEnvironment {
  /** One `GET /orders/:orderId`, without the client's own retries (the poller retries). */
  readonly fetchStatus: (signal?: AbortSignal) => Promise<OrderStatus>;
  /** @default a `setTimeout` sleep */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** @default `document` in browsers, none in Node */
  readonly document?: VisibilityDocument | undefined;
  /** @default Math.random */
  readonly random?: () => number;
}

/**
 * Yields an order's status each time it changes, until it is final or `signal` aborts.
 * See `AdmitClient.pollOrder` for the rules.
 */
export async function* pollOrder(
  env: PollEnvironment,
  options: PollOptions = {},
): AsyncGenerator<OrderStatus, void, undefined> {
  const { signal, initial } = options;
  const min = options.minIntervalMs ?? POLL_DEFAULTS.minIntervalMs;
  const max = options.maxIntervalMs ?? POLL_DEFAULTS.maxIntervalMs;
  if (!(min >= 0 && max >= min)) {
    throw new TypeError(
      `pollOrder: need 0 <= minIntervalMs <= maxIntervalMs, got ${min} and ${max}`,
    );
  }
  const pause = env.sleep ?? sleep;
  const doc = "document" in env ? env.document : currentDocument();
  const random = env.random ?? Math.random;
  const clamp = (ms: number) => Math.min(max, Math.max(min, ms));

  let last = initial;
  if (last && isFinalOrderStatus(last.status)) return;
  let waitMs = last ? clamp(last.nextPollMs) : 0;
  let failures = 0;
  try {
    for (;;) {
      if (waitMs > 0) await wait(waitMs, pause, doc, signal);
      await whenVisible(doc, signal);
      signal?.throwIfAborted();
      let status: OrderStatus;
      try {
        status = await env.fetchStatus(signal);
      } catch (error) {
        if (signal?.aborted || !isTransient(error)) throw error;
        failures += 1;
        // Equal jitter: at least half the backoff, so a flaky network is not hammered.
        const backoff = Math.min(max, Math.max(min, 1) * 2 ** failures);
        const jittered = backoff / 2 + (random() * backoff) / 2;
        waitMs = Math.max(jittered, isAdmitApiError(error) ? (error.retryAfterMs ?? 0) : 0);
        continue;
      }
      failures = 0;
      if (!last || hasChanged(last, status)) yield status;
      last = status;
      if (isFinalOrderStatus(status.status)) return;
      waitMs = clamp(status.nextPollMs);
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
}

/** Sleeps `ms`, but wakes early when the page becomes visible again or `signal` aborts. */
async function wait(
  ms: number,
  pause: NonNullable<PollEnvironment["sleep"]>,
  doc: VisibilityDocument | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  const wake = new AbortController();
  const onAbort = () => wake.abort();
  const onVisibility = () => {
    if (doc?.visibilityState === "visible") wake.abort();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  doc?.addEventListener("visibilitychange", onVisibility);
  try {
    await pause(ms, wake.signal);
  } catch {
    // Woken early; an abort is rethrown below.
  } finally {
    signal?.removeEventListener("abort", onAbort);
    doc?.removeEventListener("visibilitychange", onVisibility);
  }
  signal?.throwIfAborted();
}

/** Errors that a later poll may not meet: lost network, timeouts, 5xx, 408 and 429. */
function isTransient(error: unknown): boolean {
  if (isNetworkError(error) || isTimeoutError(error)) return true;
  return (
    isAdmitApiError(error) && (error.status >= 500 || error.status === 408 || error.status === 429)
  );
}

/** A change the buyer can see: the status, the tickets issued, or the amount refunded. */
function hasChanged(before: OrderStatus, after: OrderStatus): boolean {
  return (
    before.status !== after.status ||
    before.tickets.length !== after.tickets.length ||
    before.refunded.amount !== after.refunded.amount
  );
}
