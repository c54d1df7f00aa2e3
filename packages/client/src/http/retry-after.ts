/**
 * How long a `Retry-After` header asks to wait, in milliseconds, or `undefined` without one.
 * An HTTP date is measured against the answer's own `Date` header when present, so a
 * skewed client clock does not stretch or skip the wait.
 *
 * @example parseRetryAfter(new Headers({ "retry-after": "3" })) // 3000
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const serverNow = Date.parse(headers.get("date") ?? "");
  return Math.max(0, at - (Number.isNaN(serverNow) ? now : serverNow));
}
