import type * as z from "zod/mini";
import { sha256Hex } from "../crypto/secrets.js";
import { AdmitError, isAdmitError } from "../errors/admit-error.js";
import { fromDatabaseError } from "../errors/database-error.js";
import type { IdempotencyClaim, StoredAnswer } from "../services/holds/one-trip-hold.js";
import { runInAmbientTransaction } from "../store/ambient-transaction.js";
import type { Store } from "../store/store.js";
import { problemResponse, textResponse } from "./problem-response.js";
import { parseJsonBody, readBody } from "./request-body.js";
import type { RouteContext } from "./route-table.js";

/**
 * A leased claim is renewed every {@link LEASE_RENEW_MS} while its work runs, however long the
 * provider takes; a host that crashed stops renewing, and its key is free again after this long.
 */
const LEASE_MS = 2_000;
const LEASE_RENEW_MS = 500;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header, required on every creating POST (400 when missing or malformed). */
export function idempotencyKey(request: Request): string {
  const key = request.headers.get("idempotency-key");
  if (!key || !KEY_PATTERN.test(key))
    throw new AdmitError(
      "idempotency_key_required",
      "Send an Idempotency-Key header (1-255 visible ASCII characters), one per user intent, reused on retry",
    );
  return key;
}

/** How a route's key is claimed. */
export interface IdempotencyMode {
  /**
   * Claim with a lease outside the work's transactions (see `withLeasedIdempotency`) instead of
   * inside one transaction with the work: for work that commits in steps around a provider call.
   */
  leased?: boolean;
}

interface StoredKey {
  request_hash: string;
  state: "in_progress" | "done";
  response_status: number | null;
  response_headers: [string, string][] | null;
  response_body: string | null;
}

interface ClaimRow {
  free: boolean;
  request_hash: string | null;
  state: "in_progress" | "done" | null;
  response_status: number | null;
  response_headers: [string, string][] | null;
  response_body: string | null;
}

/**
 * Run `work` at most once per `(scope, key)`, with the claim, the work and the stored answer in
 * ONE transaction, so they commit together or not at all: a host killed mid-request leaves no
 * lease behind (PostgreSQL rolls the transaction back when the connection drops, and frees the
 * key's transaction-scoped advisory lock with it), and a retry runs the work again at once.
 *
 * The key is claimed with `pg_try_advisory_xact_lock`: a concurrent request with the same key
 * answers 409 `idempotency_in_progress` instead of waiting; a later one with the same request
 * gets the stored answer again, with another request 422 `idempotency_key_reused`. Each of the
 * work's own transactions is a savepoint that undoes itself when it throws; a 4xx is stored as
 * the answer; a 5xx (busy, provider down) is not, so a retry runs again; a crash undoes all.
 * Work that calls the network (checkout asks the provider for a payment) does so inside the
 * transaction; the provider call carries its own idempotency key (the payment attempt's id).
 */
export async function withIdempotency(
  store: Store,
  claim: IdempotencyClaim,
  work: () => Promise<Response>,
): Promise<Response> {
  const outcome = await runInAmbientTransaction(
    store,
    async (tx): Promise<{ answer: Response } | { failure: unknown }> => {
      const [row] = await tx.query<ClaimRow>("select * from admit_claim_key($1, $2)", [
        claim.scope,
        claim.key,
      ]);
      if (!row!.free) throw keyInProgress();
      if (row!.request_hash !== null) return { answer: replay(row!, claim) };
      let response: Response;
      try {
        response = await work();
      } catch (caught) {
        const error = fromDatabaseError(caught);
        // What the work's own transactions committed stays (a refund records its failed attempt),
        // but no answer is stored: a retry runs again.
        if (!isAdmitError(error) || error.status >= 500) return { failure: error };
        response = problemResponse(error);
      }
      if (response.status >= 500) return { answer: response };
      const body = await response.text();
      const headers = [...response.headers].filter(([name]) => name !== "set-cookie");
      await tx.query("select admit_store_answer($1, $2, $3, $4, $5, $6)", [
        claim.scope,
        claim.key,
        claim.requestHash,
        response.status,
        JSON.stringify(headers),
        body,
      ]);
      return { answer: textResponse(body, { status: response.status, headers }) };
    },
  );
  if ("failure" in outcome) throw outcome.failure;
  return outcome.answer;
}

/**
 * The leased claim, for work that commits in steps of its own and calls a provider between them
 * (admin refunds, cancellations with refund, resolutions). These cannot run in one transaction
 * with their claim: the pending refund must be committed before the provider is asked, so that a
 * refund the provider made is never forgotten by a rollback, and so that the order's row lock is
 * not held while the provider (or its webhook) runs. So the claim row is inserted with a short
 * lease before the work, renewed twice a second while the work runs, and the answer stored after.
 * A host killed mid-request stops renewing: a retry runs again within {@link LEASE_MS}, and
 * resumes the work by its key (the key names the refund it makes, and the provider call carries
 * that refund's id as its own idempotency key), so a retry after a crash refunds once.
 */
async function withLeasedIdempotency(
  store: Store,
  claim: IdempotencyClaim,
  work: () => Promise<Response>,
): Promise<Response> {
  const owned = await store.query<{ claimed_at: string }>(
    `insert into admit_idempotency_keys (scope, key, request_hash, state, locked_until, expires_at)
     values ($1, $2, $3, 'in_progress', now() + $4 * interval '1 millisecond', now() + admit_idempotency_keep())
     on conflict (scope, key) do update set request_hash = excluded.request_hash, state = 'in_progress',
       response_status = null, response_headers = null, response_body = null,
       locked_until = excluded.locked_until, expires_at = excluded.expires_at, created_at = now()
     where admit_idempotency_keys.expires_at <= now()
        or (admit_idempotency_keys.state = 'in_progress' and admit_idempotency_keys.locked_until <= now()
            and admit_idempotency_keys.request_hash = excluded.request_hash)
     returning created_at::text as claimed_at`,
    [claim.scope, claim.key, claim.requestHash, LEASE_MS],
  );
  if (owned.length === 0) return replayStored(store, claim);
  // The claim's time tells this run's lease from a later run's, should this one have lapsed.
  const renew = setInterval(() => {
    store
      .query(
        `update admit_idempotency_keys set locked_until = now() + $4 * interval '1 millisecond'
         where scope = $1 and key = $2 and state = 'in_progress' and created_at = $3::timestamptz`,
        [claim.scope, claim.key, owned[0]!.claimed_at, LEASE_MS],
      )
      // A missed renewal costs at most a concurrent retry, which the work's key makes harmless.
      .catch(() => {});
  }, LEASE_RENEW_MS);
  renew.unref();
  try {
    let response: Response;
    try {
      response = await work();
    } catch (error) {
      if (!isAdmitError(error) || error.status >= 500) {
        await release(store, claim);
        throw error;
      }
      response = problemResponse(error);
    }
    if (response.status >= 500) {
      await release(store, claim);
      return response;
    }
    const body = await response.text();
    const headers = [...response.headers].filter(([name]) => name !== "set-cookie");
    await store.query(
      `update admit_idempotency_keys set state = 'done', response_status = $4, response_headers = $5,
         response_body = $6 where scope = $1 and key = $2 and request_hash = $3`,
      [claim.scope, claim.key, claim.requestHash, response.status, JSON.stringify(headers), body],
    );
    return textResponse(body, { status: response.status, headers });
  } finally {
    clearInterval(renew);
  }
}

/**
 * Run a route's change once per Idempotency-Key (public creating POSTs and the admin writes the
 * admin client retries); the key's scope is the method and exact path.
 */
export async function idempotentRoute(
  rc: RouteContext,
  body: Uint8Array,
  work: () => Promise<Response>,
  options: IdempotencyMode = {},
): Promise<Response> {
  return (options.leased ? withLeasedIdempotency : withIdempotency)(
    rc.kit.store,
    idempotencyClaim(rc, body),
    work,
  );
}

/** The key a request claims (its scope is the method and exact path) and the hash of what it asks. */
export function idempotencyClaim(rc: RouteContext, body: Uint8Array): IdempotencyClaim {
  const key = idempotencyKey(rc.request);
  // The credentials are part of the request: a replay never hands a stored answer (which may
  // hold an order token) to someone presenting another token.
  const requestHash = sha256Hex(
    `${rc.request.method} ${rc.url.pathname}\n${sha256Hex(rc.bearer ?? "")}\n${sha256Hex(body)}`,
  );
  return { scope: `${rc.request.method} ${rc.url.pathname}`, key, requestHash };
}

/**
 * The answer of work that claimed its key and kept its answer in the database itself (a hold in
 * one trip): the answer, a replay of the kept one, or the same problems as {@link withIdempotency}.
 */
export function keptAnswerResponse(
  kept:
    | { outcome: "answered" | "replay" | "reused"; answer: StoredAnswer }
    | { outcome: "in_progress" },
  claim: IdempotencyClaim,
): Response {
  if (kept.outcome === "in_progress") throw keyInProgress();
  const { status, headers, body } = kept.answer;
  if (kept.outcome === "answered") return textResponse(body, { status, headers });
  return replay(
    {
      free: true,
      request_hash: kept.outcome === "replay" ? claim.requestHash : "",
      state: "done",
      response_status: status,
      response_headers: headers,
      response_body: body,
    },
    claim,
  );
}

function keyInProgress(): AdmitError {
  return new AdmitError(
    "idempotency_in_progress",
    "The first request with this key is still running; retry shortly",
    {},
    { retryAfterSeconds: 1 },
  );
}

/**
 * Read the body of a route run once per key: ask for the key (400 before any 422, so a client
 * without keys learns that first), then validate the JSON with `schema`. The raw `body` is what
 * {@link idempotentRoute} hashes.
 */
export async function readIdempotentJson<S extends z.ZodMiniType>(
  rc: RouteContext,
  schema: S,
): Promise<{ body: Uint8Array; input: z.output<S> }> {
  const body = await readBody(rc.request, rc.kit.options.maxBodyBytes);
  idempotencyKey(rc.request);
  return { body, input: parseJsonBody(rc.request, body, schema) };
}

/**
 * The usual shape of a route run once per key: {@link readIdempotentJson}, then run `work` with
 * the input under {@link idempotentRoute}.
 */
export async function idempotentJsonRoute<S extends z.ZodMiniType>(
  rc: RouteContext,
  schema: S,
  work: (input: z.output<S>) => Promise<Response>,
  options: IdempotencyMode = {},
): Promise<Response> {
  const { body, input } = await readIdempotentJson(rc, schema);
  return idempotentRoute(rc, body, () => work(input), options);
}

function replay(row: ClaimRow, claim: { requestHash: string }): Response {
  if (row.request_hash !== claim.requestHash)
    throw new AdmitError(
      "idempotency_key_reused",
      "This Idempotency-Key was used for another request; use a new key for a new intent",
    );
  const headers = new Headers(row.response_headers ?? []);
  headers.set("idempotent-replayed", "true");
  return textResponse(row.response_body ?? "", { status: row.response_status!, headers });
}

async function release(store: Store, claim: IdempotencyClaim) {
  await store.query(
    "delete from admit_idempotency_keys where scope = $1 and key = $2 and request_hash = $3 and state = 'in_progress'",
    [claim.scope, claim.key, claim.requestHash],
  );
}

async function replayStored(store: Store, claim: IdempotencyClaim): Promise<Response> {
  const [row] = await store.query<StoredKey>(
    "select request_hash, state, response_status, response_headers, response_body from admit_idempotency_keys where scope = $1 and key = $2",
    [claim.scope, claim.key],
  );
  if (!row)
    throw new AdmitError("idempotency_in_progress", "Retry shortly", {}, { retryAfterSeconds: 1 });
  if (row.request_hash !== claim.requestHash)
    throw new AdmitError(
      "idempotency_key_reused",
      "This Idempotency-Key was used for another request; use a new key for a new intent",
    );
  if (row.state !== "done" || row.response_status === null) throw keyInProgress();
  const headers = new Headers(row.response_headers ?? []);
  headers.set("idempotent-replayed", "true");
  return textResponse(row.response_body ?? "", { status: row.response_status, headers });
}
