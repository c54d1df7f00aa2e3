import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";

/** The folder of the npm package a module file belongs to, or `undefined` for our own code. */
function packageDir(id: string): string | undefined {
  const at = id.lastIndexOf("/node_modules/");
  if (at < 0) return undefined;
  const rest = id.slice(at + "/node_modules/".length).split("/");
  const name = rest[0]?.startsWith("@") ? rest.slice(0, 2) : rest.slice(0, 1);
  return join(id.slice(0, at), "node_modules", ...name);
}

/**
 * Moves the licence notices of the bundled npm packages out of the script files into one text
 * file beside them (`fileName`), each package once with its name, version and licence text:
 * the notices travel with the build, and the scripts the buyer's browser parses are smaller.
 * Use with `output.comments.legal: false`.
 */
export function thirdPartyLicenses(fileName: string): Plugin {
  return {
    name: "admit:third-party-licenses",
    generateBundle(_, bundle) {
      const dirs = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        for (const id of chunk.moduleIds) {
          const dir = packageDir(id);
          if (dir) dirs.add(dir);
        }
      }
      const notices = [...dirs].sort().map((dir) => {
        const { name, version, license } = JSON.parse(
          readFileSync(join(dir, "package.json"), "utf8"),
        );
        const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
        const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${license}`;
        return `${name}@${version} (${license})\n\n${text}\n`;
      });
      this.emitFile({ type: "asset", fileName, source: notices.join(`\n${"-".repeat(72)}\n\n`) });
    },
  };
}
