import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after.js";

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "3" }))).toBe(3000);
  });

  it("measures an HTTP date against the answer's Date header", () => {
    const headers = new Headers({
      date: "Mon, 01 Mar 2027 12:00:00 GMT",
      "retry-after": "Mon, 01 Mar 2027 12:00:05 GMT",
    });
    expect(parseRetryAfter(headers, Date.parse("2030-01-01T00:00:00Z"))).toBe(5000);
  });

  it("without a Date header, measures against the local clock and never goes below zero", () => {
    const headers = new Headers({ "retry-after": "Mon, 01 Mar 2027 12:00:05 GMT" });
    expect(parseRetryAfter(headers, Date.parse("2027-03-01T12:00:01Z"))).toBe(4000);
    expect(parseRetryAfter(headers, Date.parse("2027-03-01T13:00:00Z"))).toBe(0);
  });

  it("ignores a missing or unreadable header", () => {
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "-5" }))).toBeUndefined();
  });
});
