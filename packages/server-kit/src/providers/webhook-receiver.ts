import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a webhook receiver got it: the exact bytes and the headers. */
export interface ReceivedWebhook {
  rawBody: Uint8Array;
  headers: Headers;
}

/** A local HTTP endpoint that records every webhook a provider sends, for provider tests. */
export interface WebhookReceiver {
  /** Where to point the provider's webhooks. */
  url: string;
  /** Everything received so far, in arrival order. */
  readonly received: ReceivedWebhook[];
  /**
   * Decides the answer to each delivery (the status code); may wait, to simulate a slow receiver.
   * @default () => 200
   */
  respond: (webhook: ReceivedWebhook, index: number) => number | Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts a {@link WebhookReceiver} on a free local port.
 *
 * @example
 * const receiver = await startWebhookReceiver();
 * receiver.respond = (_, index) => (index < 2 ? 500 : 200); // fail twice, then accept
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const webhook = {
      rawBody: new Uint8Array(Buffer.concat(chunks)),
      headers: toHeaders(req.headers),
    };
    const index = received.push(webhook) - 1;
    const status = await receiver.respond(webhook, index);
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    respond: () => 200,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}
