import type { FieldError } from "@admit/client/contract";
import * as z from "zod/mini";
import { AdmitError } from "../errors/admit-error.js";

/**
 * Validate `value` with a contract schema; failures answer 422 `invalid_request` with
 * `errors[]` of `{ path, message }` (path in dot notation, `""` for the whole value).
 */
export function validate<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  throw new AdmitError("invalid_request", "The request is not valid; see errors", { errors });
}
