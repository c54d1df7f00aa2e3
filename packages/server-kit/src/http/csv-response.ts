import { stringify } from "csv-stringify/sync";
import { AdmitError } from "../errors/admit-error.js";
import type { RouteContext } from "./route-table.js";

/** What a CSV cell may hold: text, an integer (money in minor units), or nothing. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * A text cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return) gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on
 * CSV injection). Buyer names and references are typed by buyers and CRMs, never trusted.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 text of `rows`: CRLF line ends, fields quoted when they hold `,`, `"`, CR or LF. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows as CsvCell[][], {
    record_delimiter: "windows",
    // With CRLF records, csv-stringify quotes only fields holding CRLF; RFC 4180 wants a lone
    // CR or LF quoted too (spreadsheets split the row otherwise).
    quoted_match: /[\r\n]/,
    cast: { string: neutralizeFormula, boolean: (value) => (value ? "true" : "false") },
  });
}

/**
 * Whether a list or report is asked for as CSV: `?format=csv`, or `Accept: text/csv` without
 * `?format=json`. Any other `format` answers 422.
 */
export function wantsCsv(rc: RouteContext): boolean {
  const format = rc.url.searchParams.get("format");
  if (format === "csv") return true;
  if (format === "json") return false;
  if (format !== null)
    throw new AdmitError("invalid_request", "Unknown format; use json or csv", {
      errors: [{ path: "format", message: "must be json or csv" }],
    });
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(rc.request.headers.get("accept") ?? "");
}

/**
 * A CSV answer streamed as a `ReadableStream`: a UTF-8 byte order mark (so spreadsheets read
 * accents right), the header row, then each batch of rows as `batches` yields it. Batches are
 * pulled as the client reads, so the database is paged no faster than the answer is consumed.
 * The first batch is read before answering, so a failure there is still a problem answer; a
 * failure later ends the stream with an error (the download is visibly cut, never silently short).
 */
export async function csvResponse(
  filename: string,
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly CsvCell[])[]>,
): Promise<Response> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  let pending: IteratorResult<readonly (readonly CsvCell[])[]> | undefined = first;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${toCsv([header])}`));
    },
    async pull(controller) {
      // Enqueue something or close: a pull that does neither is not called again.
      for (;;) {
        const next = pending ?? (await iterator.next());
        pending = undefined;
        if (next.done) {
          controller.close();
          return;
        }
        if (next.value.length > 0) {
          controller.enqueue(encoder.encode(toCsv(next.value)));
          return;
        }
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
