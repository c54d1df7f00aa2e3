import { createOpenApiDocument, type OpenApiDocument } from "@admit/client/openapi";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "csv-parse/sync";

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

/** A documented `text/csv` body: the header row is listed as `x-csv-columns`. */
interface CsvMedia {
  "x-csv-columns"?: string[];
}

/**
 * What is wrong with a CSV answer by its documented media type: UTF-8, RFC 4180 records of
 * equal length, and the header row the document lists (`x-csv-columns`) when it lists one.
 */
function csvProblems(name: string, contentType: string, text: string, media: CsvMedia): string[] {
  const charset = /;\s*charset=("?)([^;"]+)\1/i.exec(contentType)?.[2];
  if (charset?.toLowerCase() !== "utf-8") return [`${name}: CSV in charset ${charset ?? "(none)"}`];
  let records: string[][];
  try {
    records = parse(text, { bom: true, record_delimiter: "\r\n" }) as string[][];
  } catch (error) {
    return [`${name}: not RFC 4180 CSV: ${(error as Error).message}`];
  }
  const columns = media["x-csv-columns"];
  if (!columns) return records.length > 0 ? [] : [`${name}: CSV without a header row`];
  const header = records[0] ?? [];
  if (JSON.stringify(header) !== JSON.stringify(columns))
    return [`${name}: CSV header ${header.join(",")}, documented: ${columns.join(",")}`];
  return [];
}

/**
 * Checks the kit's answers against the OpenAPI document with a JSON Schema 2020-12 validator
 * (Ajv, formats included): the route must be documented, its status must be one the document
 * names for it (a problem's `code` one it lists for that status), and the body must match the
 * schema of its content type. A `text/csv` answer must be documented for its route and status,
 * parse as RFC 4180 CSV and start with the header row the document lists.
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
    if (media === "text/csv")
      return csvProblems(name, contentType ?? "", text, content[media] as CsvMedia);
    // A file (PDF, calendar, pass): documented by its media type; it must not be empty.
    const file = (content[media] as { schema?: { contentMediaType?: string } }).schema;
    if (file?.contentMediaType === media) return text === "" ? [`${name}: an empty file`] : [];
    const validate = validatorAt(`${at}${pointer("content", media, "schema")}`);
    if (validate(JSON.parse(text))) return [];
    return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || "/"} ${e.message}`);
  };
}
