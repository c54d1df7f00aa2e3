/**
 * Builds a request path, percent-encoding every substituted value: ids come from URLs and
 * users, and must never add a path segment or a query.
 *
 * @example path`/holds/${holdId}/checkout` // "/holds/hold_abc/checkout"
 */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, part, i) => out + encodeURIComponent(values[i - 1] ?? "") + part);
}
