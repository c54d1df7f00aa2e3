/** How the client retries a failed attempt. */
export interface RetryOptions {
  /**
   * Retries after the first attempt (so `2` means at most three attempts).
   * @default 2
   */
  limit?: number;
  /**
   * Delay before the first retry; each further retry doubles it, and a random
   * "full jitter" between 0 and that delay is used so many clients do not retry in step.
   * @default 300
   */
  backoffMs?: number;
  /**
   * Longest delay between two attempts. A `Retry-After` longer than this is not waited
   * for: the error is thrown instead, with `retryAfterMs` set, so the UI can tell the buyer.
   * @default 5_000
   */
  maxBackoffMs?: number;
}

/** Options of {@link createAdmitClient} and {@link createAdmitAdminClient}. */
export interface AdmitClientOptions {
  /**
   * Where the host mounted the kit. A relative URL (`"/admit"`) is resolved against
   * `document.baseURI` in browsers; Node needs an absolute URL.
   * @example "https://tickets.example.com/admit"
   */
  baseUrl: string;
  /**
   * The `fetch` to use.
   * @default globalThis.fetch, looked up at each request so msw and test doubles apply
   */
  fetch?: typeof fetch;
  /**
   * Longest wait for one attempt's answer, in milliseconds; then `TimeoutError`.
   * @default 10_000
   */
  timeoutMs?: number;
  /**
   * Retries on network errors, 5xx, 429 and `idempotency_in_progress`.
   * @default { limit: 2, backoffMs: 300, maxBackoffMs: 5_000 }
   */
  retry?: RetryOptions;
  /**
   * Extra headers for every request, for example a CSRF token.
   * @example { "X-CSRF-Token": token }
   */
  headers?: Record<string, string>;
}

/** The options with every default applied. */
export interface ResolvedClientOptions {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly headers: Readonly<Record<string, string>>;
}

/** The defaults of {@link AdmitClientOptions}, in one place. */
export const CLIENT_DEFAULTS = {
  timeoutMs: 10_000,
  retry: { limit: 2, backoffMs: 300, maxBackoffMs: 5_000 },
} as const;

/** Applies the defaults and resolves a relative `baseUrl`. Throws a `TypeError` on bad input. */
export function resolveClientOptions(options: AdmitClientOptions): ResolvedClientOptions {
  const retry = { ...CLIENT_DEFAULTS.retry, ...stripUndefined(options.retry ?? {}) };
  const timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
  for (const [name, value] of [
    ["timeoutMs", timeoutMs],
    ["retry.limit", retry.limit],
    ["retry.backoffMs", retry.backoffMs],
    ["retry.maxBackoffMs", retry.maxBackoffMs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new TypeError(`@admit/client: ${name} must be a finite number >= 0, got ${value}`);
    }
  }
  return {
    baseUrl: resolveBaseUrl(options.baseUrl),
    // Late-bound: msw and test doubles replace globalThis.fetch after the client exists.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs,
    retry,
    headers: { ...options.headers },
  };
}

function resolveBaseUrl(baseUrl: string): string {
  const base = typeof document === "undefined" ? undefined : document.baseURI;
  let url: URL;
  try {
    url = new URL(baseUrl, base);
  } catch (cause) {
    throw new TypeError(
      `@admit/client: baseUrl "${baseUrl}" is not a URL${base ? "" : " (outside a browser it must be absolute, e.g. https://tickets.example.com/admit)"}`,
      { cause },
    );
  }
  return url.href.replace(/\/+$/, "");
}

function stripUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
