import ky, { HTTPError, TimeoutError as KyTimeoutError } from "ky";
import type * as z from "zod/mini";
import type { ResolvedClientOptions } from "../client-options.js";
import { ContractError } from "../errors/contract-error.js";
import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { apiErrorFromResponse } from "./api-error-from-response.js";
import { newIdempotencyKey } from "./idempotency-key.js";
import { kyRetryOptions } from "./retry-policy.js";

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

/** Builds the one function through which every client method talks to the server. */
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
        searchParams: call.query,
        signal,
        timeout: options.timeoutMs,
        fetch: options.fetch,
        retry: kyRetryOptions(options.retry, repeatable, signal),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof HTTPError) throw await apiErrorFromResponse(error.response);
      if (error instanceof KyTimeoutError) {
        throw new TimeoutError(label, options.timeoutMs, { cause: error });
      }
      if (error instanceof TypeError) throw new NetworkError(label, { cause: error });
      throw error;
    }
    return readAnswer(response, call.answer, label, signal);
  };
}

async function readAnswer<T>(
  response: Response,
  schema: z.ZodMiniType<T> | undefined,
  label: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    throw new NetworkError(label, { cause });
  }
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
