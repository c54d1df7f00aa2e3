import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, { source: string; types: string; default: string } | string>;
};

// The names other packages, the demo and the docs code against.
const EXPECTED: Record<string, string[]> = {
  "@admit/server-kit": [
    "createAdmit",
    "createPgliteStore",
    "createPostgresStore",
    "migrate",
    "AdmitError",
    "isAdmitError",
    "verifyAdmitWebhook",
  ],
  "@admit/server-kit/express": ["admitRouter"],
  "@admit/server-kit/fastify": ["admitPlugin", "admitFrameworkErrors"],
  "@admit/server-kit/sandbox": ["createSandboxService", "sandboxProvider", "generateWebhookSecret"],
  "@admit/server-kit/mollie": ["mollieProvider", "toMollieAmount", "fromMollieAmount"],
  "@admit/server-kit/testing": ["signedProviderConformance", "lookupProviderConformance"],
};

describe("package exports", () => {
  test("every subpath maps source, types and default to matching files", () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") continue;
      expect(existsSync(join(ROOT, target.source)), subpath).toBe(true);
      const stem = target.source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
      expect(target.types).toBe(`${stem}.d.ts`);
      expect(target.default).toBe(`${stem}.js`);
    }
  });

  test.each(Object.entries(EXPECTED))(
    "%s resolves and exports its public names",
    async (specifier, names) => {
      const module = (await import(specifier)) as Record<string, unknown>;
      for (const name of names) expect(module[name], name).toBeTypeOf("function");
    },
  );
});
