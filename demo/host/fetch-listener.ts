import type { IncomingMessage, ServerResponse } from "node:http";

/** A framework-neutral HTTP handler, as the kit's core and the sandbox service expose. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Serves a Fetch API handler from a Node `http` server. The demo mounts the sandbox payment
 * provider this way, beside the host's framework, the way a separate service would run.
 *
 * @example
 * http.createServer(toNodeListener(sandbox.handle, "http://localhost:3000"));
 */
export function toNodeListener(
  handle: FetchHandler,
  origin: string,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const response = await handle(await toRequest(req, origin));
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of response.headers) headers[name] = value;
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) headers["set-cookie"] = cookies;
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      console.error("sandbox: request failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    }
  };
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = new Uint8Array(Buffer.concat(chunks));
  }
  return new Request(new URL(req.url ?? "/", origin), { method, headers, body });
}
