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

/**
 * Node's incoming headers as a record for a Fetch `Request`'s init (cheaper for it to read than a
 * `Headers`), HTTP/2 pseudo-headers dropped; `undefined` when a header is repeated (an array
 * value) or named `__proto__`: then use {@link toFetchHeaders}, which keeps them all.
 */
export function toFetchHeaderRecord(
  incoming: IncomingHttpHeaders,
): Record<string, string> | undefined {
  const record: Record<string, string> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (name.startsWith(":") || value === undefined) continue;
    // A Fetch record drops a header named `__proto__`; `Headers` keep it.
    if (typeof value !== "string" || name === "__proto__") return undefined;
    record[name] = value;
  }
  return record;
}
