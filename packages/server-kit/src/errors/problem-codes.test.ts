import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROBLEMS } from "@admit/client/contract";
import { describe, expect, test } from "vitest";

const SRC = join(import.meta.dirname, "..");
const README = readFileSync(join(SRC, "..", "README.md"), "utf8");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "testing" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Every problem code the server can answer: `new AdmitError("code"…)` and literal `code: "…"` in answers. */
function codesUsedByServer(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/AdmitError\(\s*"([a-z_]+)"/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/problemType\("([a-z_]+)"\)/g)) codes.add(m[1]!);
  }
  return codes;
}

/** Codes listed in the README's error table: rows that start with | `code` | (padding allowed). */
const documented = new Set([...README.matchAll(/^\|\s*`([a-z_]+)`\s*\|/gm)].map((m) => m[1]!));

describe("problem codes", () => {
  const used = codesUsedByServer();

  test("the scan finds the codes the server answers with", () => {
    // Guards the scan itself: if it found nothing, the checks below would pass vacuously.
    expect(used).toContain("sold_out");
    expect(used).toContain("internal_error");
    expect(used.size).toBeGreaterThan(10);
  });

  test("every code the server uses is in the contract's PROBLEMS table", () => {
    expect([...used].filter((code) => !Object.hasOwn(PROBLEMS, code))).toEqual([]);
  });

  test("every code the server uses is in the README's error table", () => {
    expect([...used].filter((code) => !documented.has(code))).toEqual([]);
  });

  test("every contract code is documented with its status", () => {
    for (const [code, { status }] of Object.entries(PROBLEMS))
      expect(README, `${code} ${status}`).toMatch(
        new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`, "m"),
      );
  });
});
