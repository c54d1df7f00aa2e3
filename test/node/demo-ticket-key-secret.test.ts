import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DemoConfigError } from "../../demo/demo-provider.js";
import { ticketKeySecretFromEnv } from "../../demo/ticket-key-secret.js";

describe("the demo's ticket signing secret from the environment", () => {
  test("unset: one secret is generated, kept beside the data (owner only) and read again after a restart", () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "admit-demo-")), "data");
    const first = ticketKeySecretFromEnv({}, dataDir);
    expect(first).toMatch(/^[\w-]{43}$/);
    const file = join(dataDir, "ticket-key-secret");
    expect(readFileSync(file, "utf8")).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ticketKeySecretFromEnv({ ADMIT_TICKET_KEY_SECRET: "" }, dataDir)).toBe(first);
  });

  test('"off" means plain codes, a given secret wins, and a short one is a DemoConfigError', () => {
    const dataDir = mkdtempSync(join(tmpdir(), "admit-demo-"));
    expect(ticketKeySecretFromEnv({ ADMIT_TICKET_KEY_SECRET: "off" }, dataDir)).toBeUndefined();
    const given = "a-secret-of-at-least-thirty-two-chars";
    expect(ticketKeySecretFromEnv({ ADMIT_TICKET_KEY_SECRET: given }, dataDir)).toBe(given);
    expect(() => ticketKeySecretFromEnv({ ADMIT_TICKET_KEY_SECRET: "short" }, dataDir)).toThrow(
      DemoConfigError,
    );
  });
});
