import ky, { HTTPError, TimeoutError as KyTimeoutError } from "ky";
import type * as z from "zod/mini";
import type { ResolvedClientOptions } from "../client-options.js";
import type { AdmitApiError } from "../errors/admit-api-error.js";
import { ContractError } from "../errors/contract-error.js";
import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { sleep } from "../poll/sleep.js";
import { apiErrorFromResponse } from "./api-error-from-response.js";
import { newIdempotencyKey } from "./idempotency-key.js";
import { retryDelay } from "./retry-policy.js";

/** Per-call options of every client method. */
export interface RequestOptions {
  /** Aborts the call (and its retries); the call then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * The `Idempotency-Key` of a creating call, when the caller keeps one per user intent
   * across page reloads. @default a new random UUID per call, reused on the client's retries
   */
  idempotencyKey?: string;
}

/** One HTTP call as the client methods describe it. */
export interface Call<T> {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path below `baseUrl` with ids already encoded, for example `/holds/hold_abc`. */
  readonly path: string;
  /** The contract of the answer; without one the answer must be 204 (its body is ignored). */
  readonly answer?: z.ZodMiniType<T>;
  /** Bearer token (hold or order token, admin token). */
  readonly token?: string | undefined;
  readonly json?: unknown;
  readonly query?: Record<string, string | number | undefined>;
  /** Sends an `Idempotency-Key`; required for a POST or PATCH to be retried. */
  readonly createsSomething?: boolean;
  readonly options?: (RequestOptions & { retry?: boolean }) | undefined;
}

/** Sends a {@link Call} and returns its answer, validated against the contract. */
export type Transport = <T = void>(call: Call<T>) => Promise<T>;

/** Every method ky may retry; whether a call is repeatable is decided per call below. */
const ALL_METHODS = ["get", "put", "delete", "post", "patch"];
/** The statuses ky hands to the retry policy (which retries a 409 only while in progress). */
const RETRY_STATUSES = [408, 409, 429, 500, 502, 503, 504];

/**
 * Builds the one function through which every client method talks to the server: ky, with
 * one time limit per attempt (`timeout`) and the retry policy of `retry-policy.ts` in ky's
 * `beforeRetry` hook. What ky does not decide by itself is ours: a POST or PATCH is
 * retried only when it carries an `Idempotency-Key` (the same key on every attempt), a 409 only
 * with code `idempotency_in_progress`, and a `Retry-After` longer than `maxBackoffMs` is not
 * waited for but handed to the caller on the error.
 */
export function createTransport(options: ResolvedClientOptions): Transport {
  return async <T>(call: Call<T>): Promise<T> => {
    const label = `${call.method} ${call.path}`;
    const signal = call.options?.signal;
    signal?.throwIfAborted();
    const headers = new Headers(options.headers);
    headers.set("accept", "application/json, application/problem+json");
    if (call.token !== undefined) headers.set("authorization", `Bearer ${call.token}`);
    if (call.createsSomething) {
      headers.set("idempotency-key", call.options?.idempotencyKey ?? newIdempotencyKey());
    }
    const repeatable =
      call.options?.retry !== false &&
      (call.createsSomething || ["GET", "PUT", "DELETE"].includes(call.method));
    let response: Response;
    try {
      response = await ky(options.baseUrl + call.path, {
        method: call.method,
        headers,
        json: call.json,
        searchParams: definedOnly(call.query),
        signal,
        timeout: options.timeoutMs,
        fetch: options.fetch,
        retry: {
          limit: repeatable ? options.retry.limit : 0,
          methods: ALL_METHODS,
          statusCodes: RETRY_STATUSES,
          // Retry-After is read by the policy (against the answer's own Date header).
          afterStatusCodes: [],
          delay: () => 0,
        },
        hooks: {
          // ky picks the candidates (network errors and RETRY_STATUSES, never a timeout);
          // the policy decides and waits, or ends the call with the client's error.
          beforeRetry: [
            async ({ error, retryCount }) => {
              const failure = await failureOf(error, label);
              const wait = failure && retryDelay(failure, retryCount - 1, options.retry);
              if (wait === undefined) throw failure ?? error;
              await sleep(wait, signal);
            },
          ],
        },
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof KyTimeoutError) {
        throw new TimeoutError(label, options.timeoutMs, { cause: error });
      }
      throw (await failureOf(error, label)) ?? error;
    }
    const text = await bodyWithin(response, options.timeoutMs, label, signal);
    return readAnswer(response, text, call.answer, label);
  };
}

/** The client's error for a failed attempt, or `undefined` for one that is not the server's or the network's. */
async function failureOf(
  error: unknown,
  label: string,
): Promise<AdmitApiError | NetworkError | undefined> {
  if (error instanceof HTTPError) {
    // A clone: ky may still hand the same answer to the caller after the last attempt.
    const text = await error.response
      .clone()
      .text()
      .catch(() => "");
    return apiErrorFromResponse(error.response, text);
  }
  // fetch rejects with a TypeError when no answer arrives, in every runtime.
  return error instanceof TypeError ? new NetworkError(label, { cause: error }) : undefined;
}

/**
 * The whole body within `timeoutMs` of the answer's arrival: ky's timeout ends with the
 * headers, and a body that stalls must not hang the call.
 */
async function bodyWithin(
  response: Response,
  timeoutMs: number,
  label: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(label, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([response.text(), late]);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof TimeoutError) {
      void response.body?.cancel().catch(() => undefined);
      throw error;
    }
    throw new NetworkError(label, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function definedOnly(query: Call<unknown>["query"]): Record<string, string | number> | undefined {
  if (!query) return undefined;
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number
  >;
}

function readAnswer<T>(
  response: Response,
  text: string,
  schema: z.ZodMiniType<T> | undefined,
  label: string,
): T {
  if (!schema) {
    if (response.status === 204) return undefined as T;
    throw new ContractError(label, [{ path: "", message: `expected 204, got ${response.status}` }]);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new ContractError(label, [{ path: "", message: "the body is not JSON" }], { cause });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ContractError(
    label,
    result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  );
}
