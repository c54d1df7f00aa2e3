// Every subpath a package exports must resolve to built files and type-check from outside
// the repository's source tree, as a user's project would see it: no `source` condition,
// moduleResolution nodenext, only `dist`. `npm test` builds before the Node tests.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const CONSUMER = join(ROOT, "test/node/.tmp-consumer");
/**
 * Exported files that are data, not modules; the script-tag bundle (`./cdn/*`); and the widget's
 * framework types, which augment a framework's module and need it installed (the consumer test,
 * `scripts/consumer-test.mjs`, checks them in apps that have React, Preact, Solid, Vue and Svelte).
 */
const NOT_MODULES = new Set([
  "./package.json",
  "./custom-elements.json",
  "./openapi.json",
  "./cdn/*",
  "./react",
  "./preact",
  "./solid",
  "./vue",
  "./svelte",
]);

interface PackageJson {
  name: string;
  exports: Record<string, string | Record<string, string>>;
}

const packages = readdirSync(join(ROOT, "packages")).map((dir) => ({
  dir: join(ROOT, "packages", dir),
  json: JSON.parse(
    readFileSync(join(ROOT, "packages", dir, "package.json"), "utf8"),
  ) as PackageJson,
}));

const specifiers: string[] = [];

afterAll(() => rmSync(CONSUMER, { recursive: true, force: true }));

describe.each(packages)("$json.name exports", ({ dir, json }) => {
  const subpaths = Object.entries(json.exports).filter(([subpath]) => !NOT_MODULES.has(subpath));

  it("has module subpaths", () => {
    expect(subpaths.length).toBeGreaterThan(0);
  });

  it.each(subpaths)("%s points types and default at built files in dist", (subpath, target) => {
    expect(typeof target, `${subpath} must be a conditions object`).toBe("object");
    const conditions = target as Record<string, string>;
    for (const condition of ["types", "default"]) {
      const file = conditions[condition];
      expect(file, `${json.name} ${subpath} has no "${condition}" condition`).toMatch(
        /^\.\/dist\//,
      );
      expect(
        existsSync(join(dir, file!)),
        `${json.name} ${subpath}: ${file} is missing; run \`npm run build\` first`,
      ).toBe(true);
    }
    specifiers.push(subpath === "." ? json.name : `${json.name}/${subpath.slice(2)}`);
  });
});

describe("a consumer project", () => {
  it("imports every exported subpath and type-checks with moduleResolution nodenext", () => {
    const expected = packages.flatMap(({ json }) =>
      Object.keys(json.exports).filter((subpath) => !NOT_MODULES.has(subpath)),
    );
    expect(specifiers, "some subpaths have no built files (see above)").toHaveLength(
      expected.length,
    );

    rmSync(CONSUMER, { recursive: true, force: true });
    mkdirSync(CONSUMER, { recursive: true });
    writeFileSync(
      join(CONSUMER, "package.json"),
      JSON.stringify({ type: "module", private: true }),
    );
    writeFileSync(
      join(CONSUMER, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023", "DOM", "DOM.Iterable"],
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
          typeRoots: [join(ROOT, "node_modules/@types")],
        },
        files: ["consumer.ts"],
      }),
    );
    writeFileSync(
      join(CONSUMER, "consumer.ts"),
      `${specifiers.map((s, i) => `import * as m${i} from "${s}";`).join("\n")}\n` +
        `export const modules = [${specifiers.map((_, i) => `m${i}`).join(", ")}];\n`,
    );
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    let output = "";
    try {
      execFileSync(tsc, ["-p", CONSUMER], { cwd: CONSUMER, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      output = `${stdout ?? ""}${stderr ?? ""}` || String(error);
    }
    expect(output, "tsc found errors in the consumer").toBe("");
  });
});
