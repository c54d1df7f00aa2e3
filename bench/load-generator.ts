/**
 * The bench's crowd: `clients` simulated clients over loopback, each on its own source address
 * (127.1.x.y, all of 127.0.0.0/8 is local) with one keep-alive connection, so the kit sees each
 * as a different buyer, as it would behind a real network.
 */
import http from "node:http";

export interface Answer {
  status: number;
  body: string;
}

export interface Client {
  address: string;
  request(
    port: number,
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Answer>;
  close(): void;
}

export function createClient(index: number): Client {
  const address = `127.1.${(index >> 8) & 255}.${index & 255 || 254}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    address,
    request(port, method, path, options = {}) {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const send = (retry: boolean): Promise<Answer> =>
        new Promise((resolve, reject) => {
          const req = http.request(
            {
              host: "127.0.0.1",
              port,
              method,
              path,
              agent,
              localAddress: address,
              headers: {
                ...(payload ? { "content-type": "application/json" } : {}),
                ...options.headers,
              },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on("data", (chunk: Buffer) => chunks.push(chunk));
              res.on("end", () =>
                resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
              );
              res.on("error", reject);
            },
          );
          // A kept-alive socket the server closed as idle just as the request went out (the race
          // Node's documentation describes): sent again once, on a new connection.
          req.on("error", (error: NodeJS.ErrnoException) => {
            if (retry && req.reusedSocket && error.code === "ECONNRESET")
              send(false).then(resolve, reject);
            else reject(error);
          });
          req.end(payload);
        });
      return send(true);
    },
    close: () => agent.destroy(),
  };
}

export interface Measured {
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  count: number;
  statuses: Record<number, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Every client sends `next(client, i)` back to back for `ms`; throughput and latencies. */
export async function runFor(
  clients: Client[],
  ms: number,
  next: (client: Client, i: number) => Promise<Answer>,
): Promise<Measured> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let sent = 0;
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const at = performance.now();
        const answer = await next(client, sent++);
        latencies.push(performance.now() - at);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSec: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    count: latencies.length,
    statuses,
  };
}

/** Exactly `total` requests spread over the clients; their answers. */
export async function runCount(
  clients: Client[],
  total: number,
  next: (client: Client, i: number) => Promise<Answer>,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let sent = 0;
  await Promise.all(
    clients.map(async (client) => {
      for (let i = sent++; i < total; i = sent++) answers.push(await next(client, i));
    }),
  );
  return answers;
}
