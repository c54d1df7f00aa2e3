import { type AdmitClientOptions, resolveClientOptions } from "../client-options.js";
import { Revocations, TicketKeys } from "../contract/ticket-keys.js";
import { path } from "../http/path.js";
import { createTransport, type RequestOptions } from "../http/transport.js";

/**
 * What a door scanner downloads while online to verify signed ticket codes offline. Both routes
 * are public and cacheable (`ETag`): no admin secret needs to live on a door device.
 */
export interface AdmitScannerClient {
  /** `GET /events/:eventId/ticket-keys`: the event's public keys, active and retired. */
  getTicketKeys(eventId: string, o?: RequestOptions): Promise<TicketKeys>;
  /** `GET /events/:eventId/revocations`: the ids of the event's tickets that no longer admit. */
  getRevocations(eventId: string, o?: RequestOptions): Promise<Revocations>;
}

/**
 * Creates a client for the scanner's two downloads. Apart from `createAdmitClient` so the
 * widget's bundle does not carry it.
 *
 * @example
 * const scanner = createAdmitScannerClient({ baseUrl: "https://tickets.example.com/admit" });
 * const keys = await scanner.getTicketKeys("spring-gala");
 */
export function createAdmitScannerClient(options: AdmitClientOptions): AdmitScannerClient {
  const send = createTransport(resolveClientOptions(options));
  return {
    getTicketKeys: (eventId, o) =>
      send({
        method: "GET",
        path: path`/events/${eventId}/ticket-keys`,
        answer: TicketKeys,
        options: o,
      }),
    getRevocations: (eventId, o) =>
      send({
        method: "GET",
        path: path`/events/${eventId}/revocations`,
        answer: Revocations,
        options: o,
      }),
  };
}
