import type { Problem } from "../contract/problem.js";
import { AdmitApiError } from "../errors/admit-api-error.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * Turns a non-2xx answer and its body text into an {@link AdmitApiError}. A JSON body is kept as the problem
 * (its `code` when it has one, else `http_<status>`); anything else (an HTML error page of
 * a proxy, an empty body) becomes a problem with code `http_<status>`.
 */
export function apiErrorFromResponse(response: Response, text: string): AdmitApiError {
  const { status } = response;
  const body = parseJson(text);
  const fields = typeof body === "object" && body !== null && !Array.isArray(body) ? body : {};
  const code = stringField(fields, "code") ?? `http_${status}`;
  const problem: Problem = {
    ...fields,
    type: stringField(fields, "type") ?? "about:blank",
    // Problem bodies carry their title; the English titles of PROBLEMS stay on the server.
    title: stringField(fields, "title") ?? (response.statusText || `HTTP ${status}`),
    status: Number.isInteger((fields as { status?: unknown }).status)
      ? (fields as { status: number }).status
      : status,
    code,
  };
  return new AdmitApiError(problem, status, parseRetryAfter(response.headers));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringField(object: object, key: string): string | undefined {
  const value = (object as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}
