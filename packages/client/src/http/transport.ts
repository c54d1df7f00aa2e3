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

/** An answer whose body has been read within the attempt's time limit. */
interface Answer {
  readonly response: Response;
  readonly text: string;
}

/**
 * Builds the one function through which every client method talks to the server: plain
 * `fetch`, one time limit per attempt, and the retry policy of `retry-policy.ts`. (No HTTP
 * library: the policy is ours anyway, and the script-tag bundle has a size budget.)
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
    if (call.json !== undefined) headers.set("content-type", "application/json");
    const body = call.json === undefined ? undefined : JSON.stringify(call.json);
    const url = withQuery(options.baseUrl + call.path, call.query);
    const repeatable =
      call.options?.retry !== false &&
      (call.createsSomething || ["GET", "PUT", "DELETE"].includes(call.method));

    for (let retriesDone = 0; ; retriesDone++) {
      let failure: AdmitApiError | NetworkError;
      try {
        const answer = await attempt({ method: call.method, headers, body });
        if (answer.response.ok) return readAnswer(answer, call.answer, label);
        failure = apiErrorFromResponse(answer.response, answer.text);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error === TIMED_OUT) throw new TimeoutError(label, options.timeoutMs);
        // fetch rejects with a TypeError when no answer arrives, in every runtime.
        if (!(error instanceof TypeError)) throw error;
        failure = new NetworkError(label, { cause: error });
      }
      const wait =
        repeatable && retriesDone < options.retry.limit
          ? retryDelay(failure, retriesDone, options.retry)
          : undefined;
      if (wait === undefined) throw failure;
      await sleep(wait, signal);
    }

    /** One attempt: the answer and its whole body within `timeoutMs`, or a rejection. */
    async function attempt(init: RequestInit): Promise<Answer> {
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      const timer = setTimeout(() => controller.abort(TIMED_OUT), options.timeoutMs);
      // Also ends the wait when a `fetch` ignores its signal or the body does not see it.
      const stopped = new Promise<never>((_, reject) => {
        controller.signal.addEventListener("abort", () => reject(controller.signal.reason));
      });
      try {
        const request = new Request(url, { ...init, signal: controller.signal });
        const response = await Promise.race([options.fetch(request), stopped]);
        return { response, text: await Promise.race([response.text(), stopped]) };
      } catch (error) {
        throw controller.signal.reason === TIMED_OUT ? TIMED_OUT : error;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      }
    }
  };
}

/** The reason an attempt's own controller aborts with when its time is up. */
const TIMED_OUT = Symbol("timed out");

function withQuery(url: string, query: Call<unknown>["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

function readAnswer<T>(
  { response, text }: Answer,
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
