import type * as z from "zod/mini";
import type { ProblemCode } from "../contract/problem-codes.js";
/**
 * Who may call a route. `public`: anyone (the widget), CORS for the host's allowed origins,
 * rate-limited per client IP. `admin`: the host's `authorize` hook must name an actor; never
 * CORS. `webhook`: payment providers, verified by signature. `operations`: load balancers and
 * orchestrators (health and readiness): no CORS, no rate limit.
 */
export type ApiAccess = "public" | "admin" | "webhook" | "operations";

/** One success answer of a route. */
export interface ApiAnswer {
  description: string;
  /** The JSON body's schema; none for an empty answer (204, 303). */
  schema?: z.ZodMiniType;
  /** Answer headers that matter, by name: their description. */
  headers?: Readonly<Record<string, string>>;
  /**
   * The answer can also be CSV (`text/csv; charset=utf-8; header=present`), chosen with
   * `?format=csv` or `Accept: text/csv`: what its rows are, and its header row.
   */
  csv?: ApiCsvAnswer;
  /** The answer is a file of this media type (e.g. `application/pdf`), or one of these, not JSON. */
  file?: string | readonly string[];
}

/** A CSV variant of an answer (RFC 4180, UTF-8 with a byte order mark, a header row). */
export interface ApiCsvAnswer {
  /** What one row is, and how the rows are ordered. */
  description: string;
  /** The header row, in order (the lists of `@admit/client/contract` the server writes). */
  columns: readonly string[];
}

/** One route of the Admit HTTP API, as the OpenAPI document describes it. */
export interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Relative to the mount point, with `:name` path parameters. */
  path: string;
  /** Also the method name of `@admit/client`'s clients where they have one. */
  operationId: string;
  summary: string;
  /** More than the summary says, in Markdown. */
  description?: string;
  access: ApiAccess;
  /** Which secret a public route takes as `Authorization: Bearer`. */
  token?: "hold" | "order";
  params?: Readonly<Record<string, z.ZodMiniType>>;
  /** Query string; every value arrives as a string and is coerced. */
  query?: z.ZodMiniType;
  /** JSON request body; `"raw"` for a provider's notification, verified over its exact bytes. */
  body?: z.ZodMiniType | "raw";
  /** Requires an `Idempotency-Key` header (one per user intent, reused on retry). */
  idempotent?: true;
  /** Answers by status. */
  answers: Readonly<Partial<Record<200 | 201 | 204 | 303, ApiAnswer>>>;
  /**
   * Problem codes particular to the route. The document adds those every route of its kind
   * can answer: `not_found` with path parameters, `invalid_request` with a body or query, the
   * idempotency codes, `rate_limited` (public), `unauthorized`/`forbidden` (admin), `busy`
   * (anything that touches the database) and `internal_error`.
   */
  problems: readonly ProblemCode[];
}

/** A JSON answer of `schema`. */
export const jsonAnswer = (description: string, schema: z.ZodMiniType): ApiAnswer => ({
  description,
  schema,
});
