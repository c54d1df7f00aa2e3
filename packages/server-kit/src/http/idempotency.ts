import type * as z from "zod/mini";
import { sha256Hex } from "../crypto/secrets.js";
import { AdmitError, isAdmitError } from "../errors/admit-error.js";
import { fromDatabaseError } from "../errors/database-error.js";
import { runInAmbientTransaction } from "../store/ambient-transaction.js";
import type { Store } from "../store/store.js";
import { problemResponse } from "./problem-response.js";
import { parseJsonBody, readBody } from "./request-body.js";
import type { RouteContext } from "./route-table.js";

/** How long a key and its answer are kept: the design asks for at least 24 h. */
const KEEP = "24 hours";
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

/** A 5xx answer of the work: it rolls the transaction back on its way out, then is answered. */
class UnstoredAnswer extends Error {
  constructor(readonly response: Response) {
    super("unstored answer");
  }
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
 * gets the stored answer again, with another request 422 `idempotency_key_reused`. The work runs
 * under a savepoint: a 4xx it throws undoes its changes and is stored as the answer; a 5xx
 * (busy, provider down) or a crash undoes everything and stores nothing, so a retry runs again.
 * Work that calls the network (checkout asks the provider for a payment) does so inside the
 * transaction; the provider call carries its own idempotency key (the payment attempt's id).
 */
export async function withIdempotency(
  store: Store,
  claim: { scope: string; key: string; requestHash: string },
  work: () => Promise<Response>,
): Promise<Response> {
  return runInAmbientTransaction(store, async (tx) => {
    const [row] = await tx.query<ClaimRow>(
      `select pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) as free, k.request_hash, k.state,
         k.response_status, k.response_headers, k.response_body
       from (select 1) one left join admit_idempotency_keys k
         on k.scope = $1 and k.key = $2 and k.expires_at > now() and k.state = 'done'`,
      [claim.scope, claim.key],
    );
    if (!row!.free)
      throw new AdmitError(
        "idempotency_in_progress",
        "The first request with this key is still running; retry shortly",
        {},
        { retryAfterSeconds: 1 },
      );
    if (row!.request_hash !== null) return replay(row!, claim);
    await tx.query("savepoint admit_work");
    let response: Response;
    try {
      response = await work();
    } catch (caught) {
      const error = fromDatabaseError(caught);
      if (!isAdmitError(error) || error.status >= 500) throw error;
      await tx.query("rollback to savepoint admit_work");
      response = problemResponse(error);
    }
    // Not stored, and nothing the work did is kept: the whole transaction rolls back.
    if (response.status >= 500) throw new UnstoredAnswer(response);
    const body = await response.text();
    const headers = [...response.headers].filter(([name]) => name !== "set-cookie");
    await tx.query(
      `insert into admit_idempotency_keys (scope, key, request_hash, state, response_status,
         response_headers, response_body, locked_until, expires_at)
       values ($1, $2, $3, 'done', $4, $5, $6, now(), now() + interval '${KEEP}')
       on conflict (scope, key) do update set request_hash = excluded.request_hash, state = 'done',
         response_status = excluded.response_status, response_headers = excluded.response_headers,
         response_body = excluded.response_body, locked_until = excluded.locked_until,
         expires_at = excluded.expires_at, created_at = now()`,
      [claim.scope, claim.key, claim.requestHash, response.status, JSON.stringify(headers), body],
    );
    return new Response(body, { status: response.status, headers });
  }).catch((error: unknown) => {
    if (error instanceof UnstoredAnswer) return error.response;
    throw error;
  });
}

/**
 * Run a route's change once per Idempotency-Key (public creating POSTs and the admin writes the
 * admin client retries); the key's scope is the method and exact path.
 */
export async function idempotentRoute(
  rc: RouteContext,
  body: Uint8Array,
  work: () => Promise<Response>,
): Promise<Response> {
  const key = idempotencyKey(rc.request);
  // The credentials are part of the request: a replay never hands a stored answer (which may
  // hold an order token) to someone presenting another token.
  const requestHash = sha256Hex(
    `${rc.request.method} ${rc.url.pathname}\n${sha256Hex(rc.bearer ?? "")}\n${sha256Hex(body)}`,
  );
  return withIdempotency(
    rc.kit.store,
    { scope: `${rc.request.method} ${rc.url.pathname}`, key, requestHash },
    work,
  );
}

/**
 * The usual shape of a route run once per key: read the body, ask for the key (400 before any
 * 422, so a client without keys learns that first), validate the JSON with `schema`, then run
 * `work` with the input under {@link idempotentRoute}.
 */
export async function idempotentJsonRoute<S extends z.ZodMiniType>(
  rc: RouteContext,
  schema: S,
  work: (input: z.output<S>) => Promise<Response>,
): Promise<Response> {
  const body = await readBody(rc.request, rc.kit.options.maxBodyBytes);
  idempotencyKey(rc.request);
  const input = parseJsonBody(rc.request, body, schema);
  return idempotentRoute(rc, body, () => work(input));
}

function replay(row: ClaimRow, claim: { requestHash: string }): Response {
  if (row.request_hash !== claim.requestHash)
    throw new AdmitError(
      "idempotency_key_reused",
      "This Idempotency-Key was used for another request; use a new key for a new intent",
    );
  const headers = new Headers(row.response_headers ?? []);
  headers.set("idempotent-replayed", "true");
  return new Response(row.response_body, { status: row.response_status!, headers });
}
