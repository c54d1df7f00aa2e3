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
  // An HTTP date names its weekday and month; V8 would also "parse" things like "-5".
  const at = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  const serverNow = Date.parse(headers.get("date") ?? "");
  return Math.max(0, at - (Number.isNaN(serverNow) ? now : serverNow));
}
