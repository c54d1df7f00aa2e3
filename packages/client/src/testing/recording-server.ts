import { http } from "msw";
import type { SetupServer } from "msw/node";
import { BASE_URL } from "./sample-answers.js";

/** A request as the test server received it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * Answers `method path` (below {@link BASE_URL}) with `respond(attempt)`, and records every
 * request so tests can assert what reached the server, and how often.
 */
export function answerRoute(
  server: SetupServer,
  method: string,
  path: string,
  respond: (attempt: number, request: SeenRequest) => Response | Promise<Response>,
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const handler = http[method.toLowerCase() as "get"];
  server.use(
    handler(BASE_URL + path, async ({ request }) => {
      const url = new URL(request.url);
      const text = await request.text();
      const entry: SeenRequest = {
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      seen.push(entry);
      return respond(seen.length, entry);
    }),
  );
  return seen;
}

/** An RFC 9457 problem answer. */
export function problemResponse(
  code: string,
  status: number,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(
    JSON.stringify({ type: `urn:admit:problem:${code}`, title: "Problem", status, code, ...extra }),
    { status, headers: { "content-type": "application/problem+json", ...headers } },
  );
}
