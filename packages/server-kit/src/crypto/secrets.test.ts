import { describe, expect, test } from "vitest";
import { hashToken, newId, newToken, tokenMatches } from "./secrets.js";

describe("ids and tokens from the pooled random bytes", () => {
  test("every id and token is new, across many refills of the 4 KiB pool", () => {
    // 2,000 tokens (32 bytes) and 2,000 ids (12 bytes) draw 88 KiB: about 22 refills.
    const tokens = Array.from({ length: 2_000 }, () => newToken());
    const ids = Array.from({ length: 2_000 }, () => newId("hold"));
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const id of ids) expect(id).toMatch(/^hold_[0-9a-f]{24}$/);
  });

  test("no bytes are handed out twice: no 8-byte run of one token appears in another", () => {
    const runs = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.from(newToken(), "base64url");
      for (let at = 0; at + 8 <= bytes.length; at += 8) {
        const run = bytes.subarray(at, at + 8).toString("hex");
        expect(runs.has(run)).toBe(false);
        runs.add(run);
      }
    }
  });

  test("a token matches its own hash only", () => {
    const token = newToken();
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(newToken(), hashToken(token))).toBe(false);
    expect(tokenMatches(undefined, hashToken(token))).toBe(false);
  });
});
