/**
 * `@admit/client/ticket-codes`: verify signed ticket codes offline at the door, and download
 * what that needs (the event's public keys and revocation list). No server kit required.
 *
 * @example
 * import { createAdmitScannerClient, verifyTicketCode } from "@admit/client/ticket-codes";
 * @module
 */
export type { Revocations, TicketKey, TicketKeys } from "../contract/ticket-keys.js";
export { type AdmitScannerClient, createAdmitScannerClient } from "./scanner-client.js";
export {
  assembleTicketCode,
  type DecodedTicketCode,
  decodeTicketCode,
  encodeTicketPayload,
  isSignedTicketCode,
  signedMessage,
  TICKET_CODE_VERSION,
  type TicketCodeFields,
} from "./ticket-code-layout.js";
export {
  type TicketCodeRefusal,
  type TicketCodeVerdict,
  type VerifiedTicket,
  type VerifyTicketCodeOptions,
  verifyTicketCode,
} from "./verify-ticket-code.js";
