import { AdmitError } from "./admit-error.js";

// SQLSTATEs after which the request changed nothing and can simply be retried: another
// transaction holds what we need (lock_not_available, deadlock_detected, serialization_failure)
// or the server has no connection for us (too_many_connections, cannot_connect_now).
const BUSY_STATES = new Set(["55P03", "40P01", "40001", "53300", "57P03"]);

/**
 * Turn a database error into the problem the client should see: lock timeouts and deadlocks
 * become 503 `busy` with Retry-After; anything else stays an internal error (never shown).
 */
export function fromDatabaseError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && BUSY_STATES.has(code)) {
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
  return error;
}
