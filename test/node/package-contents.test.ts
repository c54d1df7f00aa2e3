// What `npm pack` puts in each package's tarball, checked from its built files: inside the
// workspace every package is hoisted, so an import of a package that is not declared
// works here and fails for an integrator. `npm test` builds before the Node tests.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const packages = readdirSync(join(ROOT, "packages")).map((dir) => ({
  dir: join(ROOT, "packages", dir),
  json: JSON.parse(
    readFileSync(join(ROOT, "packages", dir, "package.json"), "utf8"),
  ) as PackageJson,
}));

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

// `from "x"`, `import "x"`, `import("x")`, `export … from "x"`: enough for tsc's output.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** The package name of a bare specifier (`@scope/name/sub` → `@scope/name`), or undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return undefined;
  const name = specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
  return builtinModules.includes(name) ? undefined : name;
}

describe.each(packages)("$json.name tarball", ({ dir, json }) => {
  it("declares every package its built modules and types import", () => {
    const declared = new Set([
      json.name,
      ...Object.keys(json.dependencies ?? {}),
      ...Object.keys(json.peerDependencies ?? {}),
    ]);
    // dist/cdn is the self-contained script-tag bundle: it imports nothing.
    const files = walk(join(dir, "dist")).filter(
      (f) => /\.(js|d\.ts)$/.test(f) && !f.includes("/dist/cdn/"),
    );
    expect(files.length).toBeGreaterThan(0);
    const undeclared = files.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(IMPORT)]
        .map((m) => packageOf(m[1]!))
        .filter((name): name is string => name !== undefined && !declared.has(name))
        .map((name) => `${relative(dir, file)} imports ${name}`),
    );
    expect(undeclared, "imported but not in dependencies or peerDependencies").toEqual([]);
  });

  it("ships LICENSE (the root's), README and built files, and no tests or test helpers", () => {
    const [pack] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as [{ files: { path: string }[] }];
    const paths = pack.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
    expect(paths.some((p) => p.startsWith("dist/") && p.endsWith(".d.ts.map"))).toBe(true);
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(
      readFileSync(join(ROOT, "LICENSE"), "utf8"),
    );
    // The provider conformance suite ships on purpose (`@admit/server-kit/testing`, for anyone
    // writing a provider); the kit's own test helpers do not.
    const tests = paths.filter(
      (p) => /\.test\.(ts|js)$/.test(p) || /(^|\/)testing\//.test(p) || /webhook-receiver/.test(p),
    );
    expect(tests, "test files in the tarball").toEqual([]);
  });
});

describe("the script-tag build", () => {
  const cdn = join(ROOT, "packages/widget/dist/cdn");

  it("is the entry admit.js, hashed chunks in chunks/ and the licences, served from one folder", () => {
    const files = readdirSync(cdn).sort();
    expect(files).toEqual(["THIRD-PARTY-LICENSES.txt", "admit.js", "chunks"]);
    const chunks = readdirSync(join(cdn, "chunks"));
    for (const chunk of chunks) expect(chunk).toMatch(/^[a-z-]+-[\w-]{6}\.js$/);
    // Every later screen and German are chunks of their own, loaded from beside admit.js.
    const entry = readFileSync(join(cdn, "admit.js"), "utf8");
    for (const name of ["held-screen", "order-screen", "waitlist-screen", "order-flow", "de"]) {
      const chunk = chunks.find((c) => c.startsWith(`${name}-`));
      expect(chunk, `chunks/${name}-<hash>.js`).toBeDefined();
      expect(entry, `admit.js loads ./chunks/${chunk}`).toContain(`./chunks/${chunk}`);
    }
  });

  it("is reachable through the exports map as @admit/widget/cdn/<file>", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@admit/widget/cdn/admit.js")).toBe(join(cdn, "admit.js"));
    const [chunk] = readdirSync(join(cdn, "chunks"));
    expect(require.resolve(`@admit/widget/cdn/chunks/${chunk}`)).toBe(join(cdn, "chunks", chunk!));
  });
});

describe("the READMEs' CDN URLs", () => {
  it("name the widget's current version (npm run version-packages keeps them so)", () => {
    const result = spawnSync("node", ["scripts/sync-readme-versions.mjs", "--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
