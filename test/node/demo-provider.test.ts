import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { DemoConfigError, externalProvider, providerFromEnv } from "../../demo/demo-provider.js";

const STRIPE = { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_abc" };

describe("the demo's provider from the environment", () => {
  test("no ADMIT_PROVIDER is the sandbox, which needs no keys", () => {
    expect(providerFromEnv({})).toEqual({ kind: "sandbox" });
    expect(providerFromEnv({ ADMIT_PROVIDER: "sandbox" })).toEqual({ kind: "sandbox" });
  });

  test("stripe reads both keys; a missing one is a DemoConfigError naming the variable and where to find it", () => {
    expect(providerFromEnv({ ADMIT_PROVIDER: "stripe", ...STRIPE })).toEqual({
      kind: "stripe",
      secretKey: "sk_test_abc",
      webhookSecret: "whsec_abc",
    });
    const noSecret = () =>
      providerFromEnv({ ADMIT_PROVIDER: "stripe", STRIPE_SECRET_KEY: "sk_test_abc" });
    expect(noSecret).toThrow(DemoConfigError);
    expect(noSecret).toThrow(/STRIPE_WEBHOOK_SECRET.*checkout\.session\.completed.*stripe listen/);
    expect(() => providerFromEnv({ ADMIT_PROVIDER: "stripe" })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() =>
      providerFromEnv({ ADMIT_PROVIDER: "stripe", ...STRIPE, STRIPE_SECRET_KEY: "pk_test_abc" }),
    ).toThrow(/STRIPE_SECRET_KEY does not look right/);
  });

  test("mollie reads MOLLIE_API_KEY; a missing or malformed one is a DemoConfigError", () => {
    expect(providerFromEnv({ ADMIT_PROVIDER: "mollie", MOLLIE_API_KEY: "test_abc123" })).toEqual({
      kind: "mollie",
      apiKey: "test_abc123",
    });
    expect(() => providerFromEnv({ ADMIT_PROVIDER: "mollie" })).toThrow(
      /ADMIT_PROVIDER=mollie needs MOLLIE_API_KEY/,
    );
    expect(() => providerFromEnv({ ADMIT_PROVIDER: "mollie", MOLLIE_API_KEY: " " })).toThrow(
      DemoConfigError,
    );
    expect(() => providerFromEnv({ ADMIT_PROVIDER: "mollie", MOLLIE_API_KEY: "abc" })).toThrow(
      /MOLLIE_API_KEY does not look right/,
    );
  });

  test("an unknown provider names the three there are", () => {
    expect(() => providerFromEnv({ ADMIT_PROVIDER: "paypal" })).toThrow(
      /sandbox, stripe, mollie, not "paypal"/,
    );
  });

  test("Mollie on a local URL is refused up front (Mollie would refuse every payment), while a public one builds the provider (control)", () => {
    const choice = { kind: "mollie" as const, apiKey: "test_abc123" };
    expect(() => externalProvider(choice, "http://localhost:3000/admit")).toThrow(
      /ADMIT_PUBLIC_URL.*MOLLIE_WEBHOOK_URL/,
    );
    expect(externalProvider(choice, "https://abc.tunnel.example/admit")).toMatchObject({
      name: "mollie",
      verification: "lookup",
    });
    expect(
      externalProvider(
        { ...choice, webhookUrl: "https://abc.tunnel.example/admit/webhooks/mollie" },
        "http://localhost:3000/admit",
      ).name,
    ).toBe("mollie");
    expect(
      externalProvider(
        { kind: "stripe", secretKey: "sk_test_abc", webhookSecret: "whsec_abc" },
        "http://localhost:3000/admit",
      ).name,
    ).toBe("stripe");
  });
});

describe("npm start with a provider whose key is missing", () => {
  test("exits 1 before starting anything, saying which variable to set", async () => {
    const root = join(import.meta.dirname, "../..");
    const env = { ...process.env, ADMIT_PROVIDER: "mollie", MOLLIE_API_KEY: "" };
    const run = promisify(execFile)(
      join(root, "node_modules/.bin/tsx"),
      ["--conditions=source", join(root, "demo/server.ts")],
      { cwd: root, env, timeout: 30_000 },
    );
    const failure = await run.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/ADMIT_PROVIDER=mollie needs MOLLIE_API_KEY/);
  });
});
