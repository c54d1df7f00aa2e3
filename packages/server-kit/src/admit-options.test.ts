import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ADMIT_DEFAULTS, resolveAdmitOptions } from "./admit-options.js";
import { generateWebhookSecret } from "./providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "./providers/sandbox/sandbox-provider.js";
import type { Store } from "./store/store.js";

const ROOT = join(import.meta.dirname, "..");
const source = readFileSync(join(import.meta.dirname, "admit-options.ts"), "utf8");

/** Each `name?:` member of an options interface with the doc block right above it. */
function documentedMembers(interfaceName: string): [string, string][] {
  const body = source.split(`export interface ${interfaceName} {`)[1]!.split("\n}\n")[0]!;
  return [...body.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*\n\s*(\w+)\??:/g)].map((m) => [
    m[2]!,
    m[1]!,
  ]);
}

describe("createAdmit options", () => {
  test("every public option documents its default and an example", () => {
    const interfaces = [
      "AdmitOptions",
      "RateLimitOptions",
      "PaymentLinkOptions",
      "WaitlistOptions",
    ];
    for (const name of interfaces) {
      const members = documentedMembers(name);
      expect(members.length, name).toBeGreaterThan(0);
      for (const [member, doc] of members) {
        if (doc.includes("@internal")) continue;
        expect(doc, `${name}.${member}`).toMatch(/@default|Required: there is no default/);
        expect(doc, `${name}.${member}`).toContain("@example");
      }
    }
  });

  test("the test-only unsafe* controls are @internal, and the build strips them from the types", () => {
    const unsafe = documentedMembers("AdmitOptions").filter(([m]) => m.startsWith("unsafe"));
    expect(unsafe.length).toBeGreaterThan(0);
    for (const [member, doc] of unsafe) expect(doc, member).toContain("@internal");
    const build = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8"));
    expect(build.compilerOptions.stripInternal).toBe(true);
  });

  test("an option left out takes its value from ADMIT_DEFAULTS", () => {
    const resolved = resolveAdmitOptions(
      {
        providers: [
          sandboxProvider({
            url: "http://sandbox.test",
            apiKey: "k",
            webhookSecret: generateWebhookSecret(),
          }),
        ],
      },
      () => ({}) as Store,
    );
    expect(resolved.holdTtl).toBe(ADMIT_DEFAULTS.holdTtl);
    expect(resolved.rateLimit).toEqual(ADMIT_DEFAULTS.rateLimit);
    expect(resolved.paymentLinks).toMatchObject(ADMIT_DEFAULTS.paymentLinks);
    expect(resolved.waitlist).toEqual(ADMIT_DEFAULTS.waitlist);
    expect(resolved.lookupAfterMs).toBe(ADMIT_DEFAULTS.lookupAfterMs);
    expect(resolved.unsafeDisableCapacityLock).toBe(false);
  });
});
