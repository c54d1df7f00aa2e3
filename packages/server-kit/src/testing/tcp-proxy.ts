import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP proxy a test can cut and restore, to make a real database briefly unreachable. */
export interface TcpProxy {
  /** `host:port` of the proxy, to put in a connection string. */
  address: string;
  /** Drop every open connection and refuse new ones (as a network partition would). */
  cut(): void;
  /** Accept connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Forward `127.0.0.1:<random port>` to `target`. While cut, connections are reset at once, which
 * is what a host sees when its database restarts or the network drops.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(a);
      a.on("error", () => b.destroy());
      a.on("close", () => {
        open.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
