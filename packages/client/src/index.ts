/**
 * `@admit/client`: the typed HTTP client of Admit, and the contract it shares with the server.
 *
 * @example
 * import { createAdmitClient, isAdmitApiError } from "@admit/client";
 * const client = createAdmitClient({ baseUrl: "/admit" });
 * @module
 */
export {
  type AdmitAdminClient,
  type AdmitAdminClientOptions,
  createAdmitAdminClient,
} from "./admit-admin-client.js";
export {
  type AdmitClient,
  type AdmitClientOptions,
  createAdmitClient,
  type PollOptions,
  type RequestOptions,
  type RetryOptions,
} from "./admit-client.js";
export { CLIENT_DEFAULTS } from "./client-options.js";
export * from "./contract/index.js";
export * from "./errors/index.js";
export { newIdempotencyKey } from "./http/idempotency-key.js";
export { POLL_DEFAULTS } from "./poll/poll-order.js";
