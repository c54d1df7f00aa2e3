import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_DEFAULTS, resolveClientOptions } from "./client-options.js";

afterEach(() => vi.unstubAllGlobals());

describe("resolveClientOptions", () => {
  it("applies the documented defaults", () => {
    const resolved = resolveClientOptions({ baseUrl: "https://tickets.test/admit" });
    expect(resolved.timeoutMs).toBe(10_000);
    expect(resolved.retry).toEqual({ limit: 2, backoffMs: 300, maxBackoffMs: 5_000 });
    expect(CLIENT_DEFAULTS.retry).toEqual(resolved.retry);
  });

  it("keeps defaults for retry fields left undefined", () => {
    const resolved = resolveClientOptions({
      baseUrl: "https://tickets.test/admit",
      retry: { limit: 0, backoffMs: undefined },
    });
    expect(resolved.retry).toEqual({ limit: 0, backoffMs: 300, maxBackoffMs: 5_000 });
  });

  it("drops a trailing slash of baseUrl", () => {
    expect(resolveClientOptions({ baseUrl: "https://tickets.test/admit/" }).baseUrl).toBe(
      "https://tickets.test/admit",
    );
  });

  it("outside a browser a relative baseUrl is refused with a hint", () => {
    expect(() => resolveClientOptions({ baseUrl: "/admit" })).toThrow(/must be absolute/);
  });

  it("in a browser a relative baseUrl resolves against document.baseURI", () => {
    vi.stubGlobal("document", { baseURI: "https://shop.test/tickets/page" });
    expect(resolveClientOptions({ baseUrl: "/admit" }).baseUrl).toBe("https://shop.test/admit");
  });

  it.each([
    ["timeoutMs", { timeoutMs: -1 }],
    ["retry.limit", { retry: { limit: Number.NaN } }],
  ])("refuses a negative or non-finite %s", (_name, options) => {
    expect(() => resolveClientOptions({ baseUrl: "https://tickets.test", ...options })).toThrow(
      TypeError,
    );
  });
});
