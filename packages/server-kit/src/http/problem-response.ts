import { PROBLEMS, problemType } from "@admit/client/contract";
import type { AdmitError } from "../errors/admit-error.js";

/** A JSON answer. */
export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status, headers: h });
}

/**
 * The RFC 9457 answer for an {@link AdmitError}: `type`, `title`, `status`, `code`, `detail` and
 * the error's extra members. Nothing else of the error (stack, cause, SQL) is ever included.
 */
export function problemResponse(error: AdmitError): Response {
  const headers = new Headers({
    "content-type": "application/problem+json; charset=utf-8",
    "cache-control": "no-store",
  });
  if (error.retryAfterSeconds !== undefined)
    headers.set("retry-after", String(error.retryAfterSeconds));
  return new Response(JSON.stringify(problemBody(error)), { status: error.status, headers });
}

/** The RFC 9457 body of {@link problemResponse}. */
export function problemBody(error: AdmitError) {
  return {
    ...error.extra,
    ...(error.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: error.retryAfterSeconds }
      : {}),
    type: problemType(error.code),
    title: PROBLEMS[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.message,
  };
}

/** The answer for an error nobody expected: generic on purpose, the details go to `onError`. */
export function internalErrorResponse(): Response {
  return new Response(
    JSON.stringify({
      type: problemType("internal_error"),
      title: PROBLEMS.internal_error.title,
      status: 500,
      code: "internal_error",
    }),
    { status: 500, headers: { "content-type": "application/problem+json; charset=utf-8" } },
  );
}
