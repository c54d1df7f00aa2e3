import { createOpenApiDocument, type OpenApiDocument } from "@admit/client/openapi";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The id the document is registered under, so its `#/components/…` references resolve. */
const BASE = "https://admit.test/openapi.json";

/** One answer of the kit, for {@link AnswerChecker}. */
export interface CheckedAnswer {
  method: string;
  /** The route's path with `:name` parameters, as in the route table. */
  route: string;
  status: number;
  contentType: string | null;
  text: string;
}

/** Says what is wrong with an answer by the document's account; an empty list when nothing is. */
export type AnswerChecker = (answer: CheckedAnswer) => string[];

const pointer = (...segments: string[]) =>
  segments
    .map((s) => `/${encodeURIComponent(s.replaceAll("~", "~0").replaceAll("/", "~1"))}`)
    .join("");

/**
 * Checks the kit's answers against the OpenAPI document with a JSON Schema 2020-12 validator
 * (Ajv, formats included): the route must be documented, its status must be one the document
 * names for it (a problem's `code` one it lists for that status), and the body must match the
 * schema of its content type.
 */
export function createAnswerChecker(doc: OpenApiDocument = createOpenApiDocument()): AnswerChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...doc, $id: BASE });
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (at: string) => {
    let validate = validators.get(at);
    if (!validate) {
      validate = ajv.compile({ $ref: `${BASE}#${at}` });
      validators.set(at, validate);
    }
    return validate;
  };

  return ({ method, route, status, contentType, text }) => {
    const name = `${method} ${route} ${status}`;
    const path = route.replace(/:(\w+)/g, "{$1}");
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${route} is not in the document`];
    const responses = operation.responses as Record<string, { $ref?: string; content?: object }>;
    let response = responses[String(status)];
    let at = pointer("paths", path, method.toLowerCase(), "responses", String(status));
    if (!response) return [`${name}: the document names no such answer`];
    if (response.$ref) {
      const code = response.$ref.split("/").at(-1)!;
      response = doc.components.responses[code];
      at = pointer("components", "responses", code);
    }
    const media = contentType?.split(";")[0]?.trim() ?? "";
    const content = (response?.content ?? {}) as Record<string, unknown>;
    if (Object.keys(content).length === 0)
      return text === "" ? [] : [`${name}: a body where the document names none`];
    if (!content[media])
      return [`${name}: content type ${media}, documented: ${Object.keys(content).join(", ")}`];
    const validate = validatorAt(`${at}${pointer("content", media, "schema")}`);
    if (validate(JSON.parse(text))) return [];
    return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || "/"} ${e.message}`);
  };
}
