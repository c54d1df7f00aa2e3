import { describe, expect, it } from "vitest";
import {
  HttpUrl,
  isHttpUrl,
  isStorableText,
  isTimestamp,
  isTimeZone,
  PersonName,
  Timestamp,
  TimeZone,
} from "./primitives.js";

describe("isStorableText", () => {
  it.each([
    ["an empty string", ""],
    ["accents", "Zoë Ångström"],
    ["an emoji (a surrogate pair)", "🎟️ 👩🏽‍💻"],
    ["right-to-left text", "مرحبا بالعالم"],
    ["a character outside the BMP at the end", "x𝄞"],
    ["other control characters", "a\u0001\u007f\t"],
  ])("accepts %s", (_why, value) => {
    expect(isStorableText(value)).toBe(true);
  });

  it.each([
    ["U+0000", "a\u0000b"],
    ["a lone high surrogate", "a\ud83d"],
    ["a lone low surrogate", "\udc00a"],
    ["two high surrogates", "\ud83d\ud83d"],
  ])("refuses %s", (_why, value) => {
    expect(isStorableText(value)).toBe(false);
    const result = PersonName.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("U+0000");
  });
});

describe("Timestamp", () => {
  it.each([
    "2026-11-22T18:00:00Z",
    "2026-11-22T18:00:00.123Z",
    "2026-11-22T18:00:00.123456Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "2028-02-29T00:00:00Z",
    "2026-12-31T23:59:59Z",
    new Date(0).toISOString(),
  ])("accepts %s", (value) => {
    expect(isTimestamp(value)).toBe(true);
    expect(Timestamp.safeParse(value).success).toBe(true);
  });

  it.each([
    ["no zone", "2026-11-22T18:00:00"],
    ["an offset instead of Z", "2026-11-22T18:00:00+01:00"],
    ["a date only", "2026-11-22"],
    ["no seconds", "2026-11-22T18:00Z"],
    ["a space for T", "2026-11-22 18:00:00Z"],
    ["month 13", "2026-13-01T00:00:00Z"],
    ["day 0", "2026-11-00T00:00:00Z"],
    ["30 February", "2028-02-30T00:00:00Z"],
    ["29 February of a common year", "2027-02-29T00:00:00Z"],
    ["31 April", "2026-04-31T00:00:00Z"],
    ["hour 24", "2026-11-22T24:00:00Z"],
    ["minute 60", "2026-11-22T18:60:00Z"],
    ["second 60", "2026-11-22T18:00:60Z"],
    ["an empty fraction", "2026-11-22T18:00:00.Z"],
    ["trailing text", "2026-11-22T18:00:00Zx"],
    ["a number-like string", "1700000000"],
    ["an empty string", ""],
    ["the year 0000 (PostgreSQL has none)", "0000-01-01T00:00:00Z"],
    ["a five-digit year", "10000-01-01T00:00:00Z"],
    ["7 fraction digits (PostgreSQL would round, JS truncates)", "9999-12-31T23:59:59.9999995Z"],
  ])("refuses %s", (_why, value) => {
    expect(isTimestamp(value)).toBe(false);
    const result = Timestamp.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("UTC timestamp");
  });
});

describe("TimeZone", () => {
  it.each(["Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+1"])(
    "accepts %s",
    (value) => {
      expect(isTimeZone(value)).toBe(true);
      expect(TimeZone.safeParse(value).success).toBe(true);
    },
  );

  it.each([
    ["an unknown zone", "Europe/Atlantis"],
    ["an offset rather than a zone", "+01:00"],
    ["an empty string", ""],
  ])("refuses %s", (_why, value) => {
    expect(isTimeZone(value)).toBe(false);
    expect(TimeZone.safeParse(value).error?.issues[0]?.message).toContain("IANA time zone");
  });
});

describe("HttpUrl", () => {
  it.each([
    "https://pay.example.com/checkout/ord_1?x=1#y",
    "http://localhost:3000/return",
    "http://127.0.0.1:8080/",
    "https://[::1]/",
    "HTTPS://Example.COM",
  ])("accepts %s", (value) => {
    expect(isHttpUrl(value)).toBe(true);
    expect(HttpUrl.safeParse(value).success).toBe(true);
  });

  it.each([
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["a relative path", "/return"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["ftp:", "ftp://files.example.com/a"],
    ["file:", "file:///etc/passwd"],
    ["no host", "http://"],
    ["an invalid host", "https://exa mple.com/"],
    ["an empty string", ""],
  ])("refuses %s", (_why, value) => {
    expect(isHttpUrl(value)).toBe(false);
    const result = HttpUrl.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("http(s) URL");
  });

  it("keeps the URL as given (no normalization)", () => {
    expect(HttpUrl.parse("HTTPS://Example.COM")).toBe("HTTPS://Example.COM");
  });
});
