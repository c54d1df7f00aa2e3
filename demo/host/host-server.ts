import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A listening Node HTTP server whose request handler is attached once the app is composed. */
export interface HostServer {
  readonly server: Server;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** Routes every request from now on to `listener`. */
  setListener(listener: RequestListener): void;
  close(): Promise<void>;
}

/**
 * Listens before the app exists because the kit and the sandbox need their absolute URLs, and
 * with port 0 the port is known only after binding. Requests that arrive before
 * {@link HostServer.setListener} answer 503.
 *
 * @example
 * const host = await listenHostServer({ port: 0, hostname: "127.0.0.1" });
 * host.setListener(expressApp);
 */
export async function listenHostServer(options: {
  port: number;
  hostname: string;
}): Promise<HostServer> {
  let listener: RequestListener = (_req, res) => {
    res.writeHead(503, { "retry-after": "1" }).end("starting");
  };
  const server = createServer((req, res) => listener(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    setListener(next) {
      listener = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
