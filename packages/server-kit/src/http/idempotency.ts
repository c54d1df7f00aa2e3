import type * as z from "zod/mini";
import { sha256Hex } from "../crypto/secrets.js";
import { AdmitError, isAdmitError } from "../errors/admit-error.js";
import type { Store } from "../store/store.js";
import { problemResponse } from "./problem-response.js";
import { parseJsonBody, readBody } from "./request-body.js";
import type { RouteContext } from "./route-table.js";

/** How long a key and its answer are kept: the design asks for at least 24 h. */
const KEEP = "24 hours";
/** A run that crashed without answering frees its key after this long. */
const LEASE = "2 minutes";
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

interface StoredKey {
  request_hash: string;
  state: "in_progress" | "done";
  response_status: number | null;
  response_headers: [string, string][] | null;
  response_body: string | null;
}

/**
 * Run `work` at most once per `(scope, key)`: the first request claims the key with a unique
 * insert; a concurrent one answers 409 `idempotency_in_progress`; a later one with the same
 * request gets the stored answer again, with another request 422 `idempotency_key_reused`.
 * Answers of 500 and above (busy, provider down) are not stored, so a retry runs again.
 */
export async function withIdempotency(
  store: Store,
  claim: { scope: string; key: string; requestHash: string },
  work: () => Promise<Response>,
): Promise<Response> {
  const owned = await store.query(
    `insert into admit_idempotency_keys (scope, key, request_hash, state, locked_until, expires_at)
     values ($1, $2, $3, 'in_progress', now() + interval '${LEASE}', now() + interval '${KEEP}')
     on conflict (scope, key) do update set request_hash = excluded.request_hash, state = 'in_progress',
       response_status = null, response_headers = null, response_body = null,
       locked_until = excluded.locked_until, expires_at = excluded.expires_at, created_at = now()
     where admit_idempotency_keys.expires_at <= now()
        or (admit_idempotency_keys.state = 'in_progress' and admit_idempotency_keys.locked_until <= now()
            and admit_idempotency_keys.request_hash = excluded.request_hash)
     returning key`,
    [claim.scope, claim.key, claim.requestHash],
  );
  if (owned.length === 0) return replay(store, claim);
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
  return new Response(body, { status: response.status, headers });
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

async function release(store: Store, claim: { scope: string; key: string; requestHash: string }) {
  await store.query(
    "delete from admit_idempotency_keys where scope = $1 and key = $2 and request_hash = $3 and state = 'in_progress'",
    [claim.scope, claim.key, claim.requestHash],
  );
}

async function replay(
  store: Store,
  claim: { scope: string; key: string; requestHash: string },
): Promise<Response> {
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
  if (row.state !== "done" || row.response_status === null)
    throw new AdmitError(
      "idempotency_in_progress",
      "The first request with this key is still running; retry shortly",
      {},
      { retryAfterSeconds: 1 },
    );
  const headers = new Headers(row.response_headers ?? []);
  headers.set("idempotent-replayed", "true");
  return new Response(row.response_body, { status: row.response_status, headers });
}
