import { AdmitError } from "./admit-error.js";

// SQLSTATEs after which the request changed nothing and can simply be retried: another
// transaction holds what we need (lock_not_available, deadlock_detected, serialization_failure)
// or the server has no connection for us (too_many_connections, cannot_connect_now).
const BUSY_STATES = new Set(["55P03", "40P01", "40001", "53300", "57P03"]);

// Class 22 is "data exception": a value PostgreSQL cannot store or compare (22021 a U+0000 in
// text, 22P05 one in jsonb, 22008 a time out of range, 22003 a number out of range, 22P02 bad
// input syntax). The contract refuses such values first; this is the net for one it misses,
// so the caller hears it was their input (422) instead of a 500.
const DATA_EXCEPTION_CLASS = "22";

/**
 * Turn a database error into the problem the client should see: lock timeouts and deadlocks
 * become 503 `busy` with Retry-After; data exceptions 422 `invalid_request` (without the
 * database's message, which may quote SQL); anything else stays an internal error (never shown).
 */
export function fromDatabaseError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return error;
  if (BUSY_STATES.has(code)) {
    return new AdmitError(
      "busy",
      "Another request is changing the same seats; retry shortly",
      {},
      {
        cause: error,
        retryAfterSeconds: 1,
      },
    );
  }
  // check_violation of the tier counters' invariant: the database refused to oversell.
  if (
    code === "23514" &&
    (error as { constraint?: unknown }).constraint === "admit_tiers_capacity"
  ) {
    return new AdmitError("sold_out", "Not enough seats remain", {}, { cause: error });
  }
  if (code.length === 5 && code.startsWith(DATA_EXCEPTION_CLASS)) {
    return new AdmitError(
      "invalid_request",
      "A value in the request cannot be stored; see errors",
      { errors: [{ path: "", message: "a text, time or number the database cannot store" }] },
      { cause: error },
    );
  }
  return error;
}
