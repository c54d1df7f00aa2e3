import type * as z from "zod/mini";
import { AdmitError } from "../errors/admit-error.js";
import { validate } from "./validate.js";

// A too-large body is still read (and thrown away) up to this multiple of the limit, so the
// client gets the 422 instead of a connection reset; beyond it the stream is cancelled.
const DRAIN_FACTOR = 16;

/**
 * Read the body as exact bytes, never buffering more than `limit`. Too large answers 422
 * `invalid_request`: the API's table has no 413 code, and the fix (send less) is the same.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (declared > limit * DRAIN_FACTOR) {
    await reader.cancel().catch(() => {});
    throw tooLarge(limit);
  }
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit * DRAIN_FACTOR) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    if (size <= limit) chunks.push(value);
  }
  if (size > limit) throw tooLarge(limit);
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(limit: number): AdmitError {
  return new AdmitError("invalid_request", `The body is larger than ${limit} bytes`, {
    errors: [{ path: "", message: `send at most ${limit} bytes` }],
  });
}

/** Parse `body` as JSON (Content-Type must say JSON) and validate it with `schema`. */
export function parseJsonBody<S extends z.ZodMiniType>(
  request: Request,
  body: Uint8Array,
  schema: S,
): z.output<S> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type))
    throw new AdmitError("invalid_request", "Send the body as JSON", {
      errors: [{ path: "", message: "set Content-Type: application/json" }],
    });
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new AdmitError("invalid_request", "The body is not valid JSON", {
      errors: [{ path: "", message: "malformed JSON" }],
    });
  }
  return validate(schema, value);
}
