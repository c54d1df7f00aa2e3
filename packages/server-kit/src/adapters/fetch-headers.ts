import type { IncomingHttpHeaders } from "node:http";

/** Node's incoming headers as Fetch `Headers` (repeated headers appended, HTTP/2 pseudo-headers dropped). */
export function toFetchHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (name.startsWith(":") || value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
}
