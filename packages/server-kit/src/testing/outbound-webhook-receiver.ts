import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { AdmitWebhookEvent } from "../services/notifications/notification-types.js";

/** One request as the receiver got it: the exact body text, the headers and the parsed event. */
export interface ReceivedAdmitWebhook {
  rawBody: string;
  headers: Headers;
  event: AdmitWebhookEvent;
}

/**
 * A host's webhook endpoint for the kit's outbound webhooks: a real HTTP server on a free port
 * that records every delivery, answers what {@link respond} says (and may wait, to be slow), and
 * can stop listening (connection refused) and listen again on the same port.
 */
export interface OutboundWebhookReceiver {
  url: string;
  readonly received: ReceivedAdmitWebhook[];
  /** @default () => 200 */
  respond: (webhook: ReceivedAdmitWebhook) => number | Promise<number>;
  /** The most deliveries that were being answered at the same moment (tests may reset it). */
  maxInFlight: number;
  /** Stop listening: deliveries now fail with ECONNREFUSED. */
  stop(): Promise<void>;
  /** Listen again on the same port (if stopped). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startOutboundWebhookReceiver(): Promise<OutboundWebhookReceiver> {
  let inFlight = 0;
  const server = createServer(async (req, res) => {
    inFlight++;
    receiver.maxInFlight = Math.max(receiver.maxInFlight, inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const webhook = {
        rawBody,
        headers: new Headers(
          Object.entries(req.headersDistinct).flatMap(([name, values]) =>
            (values ?? []).map((value): [string, string] => [name, value]),
          ),
        ),
        event: JSON.parse(rawBody) as AdmitWebhookEvent,
      };
      receiver.received.push(webhook);
      res.writeHead(await receiver.respond(webhook)).end();
    } finally {
      inFlight--;
    }
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const receiver: OutboundWebhookReceiver = {
    url: `http://127.0.0.1:${port}/hooks/admit`,
    received: [],
    maxInFlight: 0,
    respond: () => 200,
    stop,
    start: () => (server.listening ? Promise.resolve() : listen(port)),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
  return receiver;
}
