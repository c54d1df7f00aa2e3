import type { IncomingHttpHeaders } from "node:http";
import { AdmitError } from "../errors/admit-error.js";
import { toFetchHeaderRecord, toFetchHeaders } from "./fetch-headers.js";

/** What an adapter knows of a Node request, to build the Fetch `Request` the kit takes. */
export interface NodeRequestParts {
  method: string;
  /** `http` or `https`, as the framework reports it (trust-proxy aware). */
  protocol: string;
  /** The Host (or trusted forwarded host) header, unchecked. */
  host: string | undefined;
  /** The request target exactly as sent: origin-form `/path?q` or absolute-form `http://h/path`. */
  target: string;
  headers: IncomingHttpHeaders;
  /** The mount path the framework matched, e.g. `/admit`. */
  basePath: string;
  body?: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | string;
}

// Methods a Fetch `Request` cannot carry; the kit has no route for them anyway.
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * The Fetch `Request` of a Node request. Everything the client controls is checked first, so a
 * bad Host, request line or method answers a problem instead of making `new Request()` throw:
 * a Host that is not `host[:port]` (credentials, spaces, a port over 65535, a path) answers
 * 422 `invalid_request`; an absolute-form target (`GET http://host/path`) is accepted with its
 * authority as the host (RFC 9112 §3.2.2); a path that leaves the mount once dot segments are
 * resolved (`/admit/../x`), an asterisk-form target and TRACE/CONNECT answer 404 `not_found`.
 */
export function toFetchRequest(parts: NodeRequestParts): Request {
  const method = parts.method.toUpperCase();
  let host = parts.host;
  let pathAndQuery = parts.target;
  if (/^https?:\/\//i.test(parts.target)) {
    let absolute: URL;
    try {
      absolute = new URL(parts.target);
    } catch {
      throw badTarget(parts.target);
    }
    host = absolute.host;
    pathAndQuery = `${absolute.pathname}${absolute.search}`;
  } else if (!parts.target.startsWith("/")) throw badTarget(parts.target);
  const protocol = parts.protocol.toLowerCase();
  if (protocol !== "http" && protocol !== "https")
    throw invalidHeader("x-forwarded-proto", "send http or https");
  const origin = checkedOrigin(protocol, host ?? "localhost");
  // Concatenated, never resolved against the origin: `//evil.example/x` stays a path.
  const url = new URL(`${origin}${pathAndQuery}`);
  const basePath = parts.basePath.replace(/\/+$/, "");
  if (
    FORBIDDEN_METHODS.has(method) ||
    (basePath &&
      url.pathname.toLowerCase() !== basePath.toLowerCase() &&
      !url.pathname.toLowerCase().startsWith(`${basePath.toLowerCase()}/`))
  )
    throw new AdmitError("not_found", `No route ${method} ${url.pathname}`);
  const init: RequestInit & { duplex?: "half" } = {
    method,
    headers: toFetchHeaderRecord(parts.headers) ?? toFetchHeaders(parts.headers),
  };
  if (parts.body !== undefined && method !== "GET" && method !== "HEAD") {
    init.body = parts.body;
    if (parts.body instanceof ReadableStream) init.duplex = "half";
  }
  return new Request(url, init);
}

// Origins already checked, by protocol and Host: a server sees few distinct Host headers, so each
// is parsed once, not on every request. Bounded (cleared when full), so clients sending many
// different ones cannot grow it; a Host that fails the check is never kept.
const checkedOrigins = new Map<string, string>();
const MAX_CHECKED_ORIGINS = 256;

/** `protocol://host` when `host` is exactly an authority (`name[:port]`, `[v6][:port]`), else 422. */
function checkedOrigin(protocol: string, host: string): string {
  const key = `${protocol}://${host}`;
  let origin = checkedOrigins.get(key);
  if (origin === undefined) {
    origin = parseOrigin(protocol, host);
    if (checkedOrigins.size >= MAX_CHECKED_ORIGINS) checkedOrigins.clear();
    checkedOrigins.set(key, origin);
  }
  return origin;
}

function parseOrigin(protocol: string, host: string): string {
  let parsed: URL | undefined;
  try {
    // Characters a URL would read as the start of a path, query, fragment or credentials.
    if (!/[/\\?#@\s]/.test(host)) parsed = new URL(`${protocol}://${host}`);
  } catch {
    parsed = undefined;
  }
  if (parsed?.pathname !== "/" || parsed.host === "")
    throw invalidHeader("host", "send the host name and optional port (1-65535), e.g. example.com");
  return parsed.origin;
}

function invalidHeader(name: string, message: string): AdmitError {
  return new AdmitError("invalid_request", `The ${name} header is not valid`, {
    errors: [{ path: `headers.${name}`, message }],
  });
}

function badTarget(target: string): AdmitError {
  return new AdmitError("not_found", `No route for the request target ${target.slice(0, 100)}`);
}
