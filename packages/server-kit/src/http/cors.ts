const ALLOWED_HEADERS = "authorization, content-type, idempotency-key";
const ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";

/**
 * CORS headers for a public route: only when the request's Origin is on the allow-list.
 * Admin routes never call this, so a browser on another origin can never read them.
 */
export function corsHeaders(request: Request, allowedOrigins: ReadonlySet<string>): Headers {
  const headers = new Headers();
  const origin = request.headers.get("origin");
  headers.set("vary", "Origin");
  if (origin && allowedOrigins.has(origin)) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-expose-headers", "retry-after, location");
  }
  return headers;
}

/**
 * Add {@link corsHeaders} to an answer's `headers` in place (no `Headers` built for them): `Vary`
 * is appended to one the answer already has, the others are set.
 */
export function applyCorsHeaders(
  request: Request,
  allowedOrigins: ReadonlySet<string>,
  headers: Headers,
): void {
  if (headers.has("vary")) headers.append("vary", "Origin");
  else headers.set("vary", "Origin");
  const origin = request.headers.get("origin");
  if (origin && allowedOrigins.has(origin)) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-expose-headers", "retry-after, location");
  }
}

/** The answer to a preflight on a public route. */
export function preflightResponse(request: Request, allowedOrigins: ReadonlySet<string>): Response {
  const headers = corsHeaders(request, allowedOrigins);
  if (headers.has("access-control-allow-origin")) {
    headers.set("access-control-allow-methods", ALLOWED_METHODS);
    headers.set("access-control-allow-headers", ALLOWED_HEADERS);
    headers.set("access-control-max-age", "600");
  }
  return new Response(null, { status: 204, headers });
}
