import { PROBLEMS, problemType } from "@admit/client/contract";
import type { AdmitError } from "../errors/admit-error.js";

// The text of the answers built here, by answer: an adapter sends it as it is instead of reading
// it back through the answer's stream (the same bytes, without a web stream's reads per answer).
const answerTexts = new WeakMap<Response, string>();

/** An answer with `text` as its body, which adapters send as it is (see {@link unreadAnswerText}). */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  answerTexts.set(response, text);
  return response;
}

/**
 * The whole body of `response` when the kit built it from a text and nothing has read it yet
 * (`undefined` otherwise: read the body itself). For adapters: the bytes the body would give.
 */
export function unreadAnswerText(response: Response): string | undefined {
  const text = answerTexts.get(response);
  return text === undefined || response.bodyUsed ? undefined : text;
}

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
} as const;

/** A JSON answer. */
export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  if (headers === undefined)
    // The usual answer: its two headers given at once (one Headers built, not two).
    return textResponse(JSON.stringify(body), { status, headers: JSON_HEADERS });
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return textResponse(JSON.stringify(body), { status, headers: h });
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
  return textResponse(JSON.stringify(problemBody(error)), { status: error.status, headers });
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
  return textResponse(
    JSON.stringify({
      type: problemType("internal_error"),
      title: PROBLEMS.internal_error.title,
      status: 500,
      code: "internal_error",
    }),
    { status: 500, headers: { "content-type": "application/problem+json; charset=utf-8" } },
  );
}
