import * as z from "zod/mini";
import { PROBLEM_CODES, PROBLEMS, type ProblemCode } from "../contract/problem.js";
import type { ApiAnswer, ApiRoute } from "./api-route.js";
import { API_ROUTES } from "./api-routes.js";
import {
  COMPONENT_SCHEMAS,
  type ComponentReadings,
  componentReadings,
  componentRef,
  type JsonSchema,
} from "./openapi-components.js";

/** An OpenAPI 3.1 document (the parts this package writes are typed loosely on purpose). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  servers: { url: string; description?: string; [key: string]: unknown }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** Options of {@link createOpenApiDocument}. */
export interface OpenApiDocumentOptions {
  /**
   * The absolute URL where the kit is mounted, such as `https://tickets.example.com/admit`;
   * the server kit passes its own when it serves `GET /openapi.json`.
   * @default a `{mount}` server variable, `http://localhost:3000/admit` until filled in
   */
  serverUrl?: string;
}

const TAGS = {
  public:
    "Used by the widget and `createAdmitClient`: CORS for the host's allowed origins, rate-limited per client IP",
  admin:
    "The host's back office (`createAdmitAdminClient`): the host's `authorize(request)` hook decides; never CORS",
  webhook: "Payment providers' notifications, verified by signature over the raw body",
  operations: "For load balancers and orchestrators: no CORS, no rate limit",
} as const;

const SECURITY_SCHEMES = {
  admin: {
    type: "http",
    scheme: "bearer",
    description:
      "Whatever the host's `authorize(request)` hook accepts; `createAdmitAdminClient({ token })` sends `Authorization: Bearer <token>`. 401 `unauthorized` when the hook names no actor, 403 `forbidden` when it refuses.",
  },
  holdToken: {
    type: "http",
    scheme: "bearer",
    description:
      "The hold's `token` from `POST /holds`. A wrong or missing token answers like an unknown id (404).",
  },
  orderToken: {
    type: "http",
    scheme: "bearer",
    description:
      "The `orderToken` from checkout. A wrong or missing token answers like an unknown id (404).",
  },
} as const;

const RETRY_AFTER = {
  "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } },
};

/** How a route with a CSV answer is asked for it, for its operation's description. */
const CSV_CHOICE =
  "Answers JSON unless asked for CSV: `?format=csv`, or `Accept: text/csv` without `?format=json` (`format=json` wins over the header; any other `format` answers 422 `invalid_request`). The CSV is `text/csv; charset=utf-8; header=present`, an attachment: RFC 4180 (CRLF line ends, fields quoted when they hold `,`, `\"` or a line break), UTF-8 with a byte order mark, a header row first. Amounts are integer minor units (`currency_exponent` says where the decimal point goes); text a spreadsheet would run as a formula is prefixed with `'`. It is streamed as the database is read: an error before the first row is a problem answer, a later one cuts the download.";

/** Problem codes every route of a kind can answer, besides its own. */
function problemsOf(route: ApiRoute): ProblemCode[] {
  const codes = new Set<ProblemCode>(route.problems);
  if (route.params) codes.add("not_found");
  // A raw body too: one over `maxBodyBytes` is refused before anything reads it.
  if (route.query || route.body) codes.add("invalid_request");
  if (route.token) codes.add("not_found");
  if (route.idempotent) {
    codes.add("idempotency_key_required");
    codes.add("idempotency_key_reused");
    codes.add("idempotency_in_progress");
  }
  if (route.access === "public") codes.add("rate_limited");
  if (route.access === "admin") {
    codes.add("unauthorized");
    codes.add("forbidden");
  }
  if (route.access !== "operations" && route.path !== "/openapi.json") codes.add("busy");
  codes.add("internal_error");
  return [...codes];
}

/** `schema` as JSON Schema: a reference when it is named, else written out. */
function schemaOf(schema: z.ZodMiniType, io: "input" | "output"): JsonSchema {
  const named = COMPONENT_SCHEMAS.get(schema);
  if (named) return { $ref: componentRef(named.id) };
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "throw",
  }) as JsonSchema;
  return rest;
}

function parametersOf(route: ApiRoute, readings: ComponentReadings): JsonSchema[] {
  const parameters: JsonSchema[] = Object.entries(route.params ?? {}).map(([name, schema]) => ({
    name,
    in: "path",
    required: true,
    schema: schemaOf(schema, "input"),
  }));
  if (route.query) {
    const id = COMPONENT_SCHEMAS.get(route.query)?.id;
    const query = id ? readings.input[id] : undefined;
    if (!query) throw new Error(`${route.method} ${route.path}: name its query schema`);
    const required = (query.required as string[] | undefined) ?? [];
    for (const [name, schema] of Object.entries(query.properties as Record<string, JsonSchema>))
      parameters.push({ name, in: "query", required: required.includes(name), schema });
  }
  if (route.idempotent)
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: true,
      description:
        "One per user intent, reused on retry; scoped to method and path, kept 24 h. Same key with another body: 422 `idempotency_key_reused`; while the first runs: 409 `idempotency_in_progress`; after it: its answer again.",
      schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,255}$" },
    });
  return parameters;
}

function requestBodyOf(route: ApiRoute): JsonSchema | undefined {
  if (!route.body) return undefined;
  if (route.body === "raw")
    return {
      required: true,
      description:
        "The provider's notification exactly as it sent it (the signature covers these bytes)",
      content: { "application/json": { schema: {} } },
    };
  return {
    required: true,
    content: { "application/json": { schema: schemaOf(route.body, "input") } },
  };
}

/** The problem answer of one status: `codes` all share it. */
function problemAnswer(codes: readonly ProblemCode[]): JsonSchema {
  const status = PROBLEMS[codes[0]!].status;
  return {
    description: codes.map((code) => `\`${code}\`: ${PROBLEMS[code].title}`).join("; "),
    ...((status === 429 || status === 503) && { headers: RETRY_AFTER }),
    content: {
      "application/problem+json": {
        schema: {
          allOf: [
            { $ref: componentRef("Problem") },
            {
              type: "object",
              properties: {
                status: { const: status },
                code: codes.length === 1 ? { const: codes[0] } : { enum: codes },
              },
            },
          ],
        },
      },
    },
  };
}

/** An answer's bodies by media type: JSON, and CSV where the route also answers that. */
function contentOf(answer: ApiAnswer): JsonSchema | undefined {
  if (answer.file)
    return Object.fromEntries(
      [answer.file]
        .flat()
        .map((type) => [type, { schema: { type: "string", contentMediaType: type } }]),
    );
  if (!answer.schema) return undefined;
  const content: JsonSchema = {
    "application/json": { schema: schemaOf(answer.schema, "output") },
  };
  if (answer.csv)
    content["text/csv"] = {
      schema: {
        type: "string",
        description: `${answer.csv.description}. Header row: ${answer.csv.columns.map((c) => `\`${c}\``).join(", ")}.`,
      },
      // The header row, for tools that check it (the kit's own tests do).
      "x-csv-columns": [...answer.csv.columns],
    };
  return content;
}

function responsesOf(route: ApiRoute): JsonSchema {
  const responses: JsonSchema = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    const content = contentOf(answer);
    responses[status] = {
      description: answer.description,
      ...(answer.headers && {
        headers: Object.fromEntries(
          Object.entries(answer.headers).map(([name, description]) => [
            name,
            { description, schema: { type: "string" } },
          ]),
        ),
      }),
      ...(content && { content }),
    };
  }
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of problemsOf(route)) {
    const { status } = PROBLEMS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b))
    responses[String(status)] =
      codes.length === 1 ? { $ref: `#/components/responses/${codes[0]}` } : problemAnswer(codes);
  return responses;
}

/** The route's description, with how to ask for CSV where it answers that. */
function descriptionOf(route: ApiRoute, parameters: readonly JsonSchema[]): string | undefined {
  const csv = Object.values(route.answers).some((answer) => answer.csv);
  if (csv && !parameters.some((p) => p.in === "query" && p.name === "format"))
    throw new Error(
      `${route.method} ${route.path}: a CSV answer needs a \`format\` query parameter`,
    );
  const parts = [route.description, csv ? CSV_CHOICE : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

function operationOf(route: ApiRoute, readings: ComponentReadings): JsonSchema {
  const parameters = parametersOf(route, readings);
  const description = descriptionOf(route, parameters);
  const requestBody = requestBodyOf(route);
  const security =
    route.access === "admin"
      ? [{ admin: [] }]
      : route.token
        ? [{ [`${route.token}Token`]: [] }]
        : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(description && { description }),
    tags: [route.access],
    ...(parameters.length > 0 && { parameters }),
    ...(requestBody && { requestBody }),
    responses: responsesOf(route),
    ...(security && { security }),
  };
}

/**
 * Each named schema in the reading its routes use. A schema that reads differently for
 * requests and answers (defaults make a field optional only in requests) may only be
 * referenced from its own side; the generator refuses a document that would mix them.
 */
function componentsOf(readings: ComponentReadings): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, io] of Object.entries(readings.io)) schemas[id] = readings[io][id]!;
  for (const [id, schema] of Object.entries(schemas)) {
    const io = readings.io[id]!;
    for (const ref of JSON.stringify(schema).matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      const other = ref[1]!;
      const differs =
        JSON.stringify(readings.input[other]) !== JSON.stringify(readings.output[other]);
      if (differs && readings.io[other] !== io)
        throw new Error(
          `${id} (read as ${io}) refers to ${other}, which reads differently as ${io}: give that reading its own name`,
        );
    }
  }
  return schemas;
}

/**
 * The OpenAPI 3.1 document of the Admit HTTP API, generated from the contract's zod schemas
 * (`API_ROUTES` and the schemas of `@admit/client/contract`), so the document cannot drift
 * from what the client checks and the server validates. The package also ships it as
 * `@admit/client/openapi.json`, and the server kit serves it at `GET /openapi.json`.
 *
 * @example
 * import { createOpenApiDocument } from "@admit/client/openapi";
 * const doc = createOpenApiDocument({ serverUrl: "https://tickets.example.com/admit" });
 * Object.keys(doc.paths); // ["/events/{eventId}", "/holds", …]
 */
export function createOpenApiDocument(options: OpenApiDocumentOptions = {}): OpenApiDocument {
  const readings = componentReadings();
  const paths: OpenApiDocument["paths"] = {};
  for (const route of API_ROUTES) {
    const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route, readings);
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Admit HTTP API",
      version: "1",
      description:
        "The HTTP API of `@admit/server-kit`, used by `@admit/widget` and `@admit/client`. Paths are relative to where the host mounts the kit. Money is an integer count of minor units with an ISO 4217 code; times are RFC 3339 UTC; errors are RFC 9457 `application/problem+json` with a stable `code`. Generated from the zod schemas of `@admit/client/contract`.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: options.serverUrl
      ? [{ url: options.serverUrl.replace(/\/+$/, ""), description: "This kit" }]
      : [
          {
            url: "{mount}",
            description: "Where the host mounts the kit",
            variables: {
              mount: {
                default: "http://localhost:3000/admit",
                description: "The kit's absolute URL, such as https://tickets.example.com/admit",
              },
            },
          },
        ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: componentsOf(readings),
      // One answer per problem code, which routes refer to when a status has only that code.
      responses: Object.fromEntries(PROBLEM_CODES.map((code) => [code, problemAnswer([code])])),
      securitySchemes: { ...SECURITY_SCHEMES },
    },
  };
}
