import { connect } from "node:net";

/** One HTTP/1.1 answer as read off a raw socket. */
export interface RawAnswer {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection after this answer. */
  closed: boolean;
}

/**
 * Writes `bytes` to a fresh TCP connection exactly as given (no client library normalizes a
 * bad Host, a request line or a Content-Length that lies) and reads the answers: the first
 * `count` complete ones, or what came before the server closed or `timeoutMs` passed.
 *
 * @example
 * const [answer] = await rawHttp(port, "GET /admit/events/x HTTP/1.1\r\nHost: %\r\n\r\n");
 */
export function rawHttp(
  port: number,
  bytes: string | Uint8Array | Array<string | Uint8Array>,
  options: {
    count?: number;
    timeoutMs?: number;
    localAddress?: string;
    /** End the sending side after writing, as a client that sent all it will. */
    halfClose?: boolean;
  } = {},
): Promise<RawAnswer[]> {
  const count = options.count ?? 1;
  return new Promise((resolve) => {
    const socket = connect({
      port,
      host: "127.0.0.1",
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    let buffer = Buffer.alloc(0);
    const answers: RawAnswer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answers);
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 10_000);
    const parse = (closed: boolean) => {
      for (;;) {
        const answer = parseAnswer(buffer, closed);
        if (!answer) return;
        buffer = buffer.subarray(answer.length);
        // "100 Continue" and other interim answers precede the real one.
        if (answer.answer.status >= 100 && answer.answer.status < 200) continue;
        answers.push(answer.answer);
        if (answers.length >= count) return finish();
      }
    };
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      parse(false);
    });
    // A reset after the answer (the server stopped reading) is not the test's concern.
    socket.on("error", () => {});
    socket.on("close", () => {
      parse(true);
      const last = answers.at(-1);
      if (last) last.closed = true;
      finish();
    });
    const parts = Array.isArray(bytes) ? bytes : [bytes];
    for (const part of parts) socket.write(part, () => {});
    if (options.halfClose) socket.end();
  });
}

function parseAnswer(
  buffer: Buffer,
  closed: boolean,
): { answer: RawAnswer; length: number } | undefined {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const declared = status < 200 ? "0" : headers["content-length"];
  const start = end + 4;
  if (declared === undefined && /chunked/i.test(headers["transfer-encoding"] ?? "")) {
    const chunked = dechunk(buffer, start);
    if (!chunked) return undefined;
    return {
      answer: {
        status,
        headers,
        body: chunked.body,
        closed: /\bclose\b/i.test(headers.connection ?? ""),
      },
      length: chunked.end,
    };
  }
  let length: number;
  if (declared !== undefined) length = start + Number(declared);
  else if (closed) length = buffer.length;
  else return undefined;
  if (buffer.length < length) return undefined;
  return {
    answer: {
      status,
      headers,
      body: buffer.subarray(start, length).toString("utf8"),
      closed: /\bclose\b/i.test(headers.connection ?? ""),
    },
    length,
  };
}

/** A chunked body starting at `offset`, once complete (trailers are not expected). */
function dechunk(buffer: Buffer, offset: number): { body: string; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = offset;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buffer.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size)) return undefined;
    const dataStart = lineEnd + 2;
    if (size === 0) {
      if (buffer.length < dataStart + 2) return undefined;
      return { body: Buffer.concat(parts).toString("utf8"), end: dataStart + 2 };
    }
    if (buffer.length < dataStart + size + 2) return undefined;
    parts.push(buffer.subarray(dataStart, dataStart + size));
    at = dataStart + size + 2;
  }
}
