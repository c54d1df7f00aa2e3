import { createHash } from "node:crypto";

/**
 * How long a CDN or browser may reuse a public answer without asking again. One second: a crowd
 * refreshing an event page costs the database one view per second per edge, and availability is
 * never more than a second old. Holds always ask the database, so a stale view never oversells.
 */
export const PUBLIC_MAX_AGE_SECONDS = 1;

/** A public answer's exact body and its strong `ETag`, computed once. */
export interface CacheableBody {
  text: string;
  etag: string;
}

/** Serialize `body` and tag it (the ETag is a hash of the exact bytes). */
export function cacheableBody(body: unknown): CacheableBody {
  const text = JSON.stringify(body);
  return { text, etag: `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"` };
}

/**
 * A JSON answer that shared caches may keep for {@link PUBLIC_MAX_AGE_SECONDS}, with a strong
 * `ETag` over the exact body: a request whose `If-None-Match` names it gets `304 Not Modified`
 * and no body, so revalidating an unchanged view costs the client nothing but the headers.
 *
 * @example
 * return cacheableJsonResponse(rc.request, cacheableBody(await getEventView(rc.kit.store, eventId)));
 */
export function cacheableJsonResponse(request: Request, { text, etag }: CacheableBody): Response {
  const headers = new Headers({
    "cache-control": `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`,
    etag,
    // The answer is the same for every origin; CORS headers (and `Vary: Origin`) are added per request.
    vary: "accept-encoding",
  });
  if (matches(request.headers.get("if-none-match"), etag))
    return new Response(null, { status: 304, headers });
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(text, { status: 200, headers });
}

/** RFC 9110 weak comparison: `*`, or any listed tag equal to ours with or without `W/`. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}
