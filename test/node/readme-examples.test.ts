// README code that is also a file the repository type-checks (`npm run typecheck` includes
// `examples/`): the README's copy must stay the file's exact text.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Every ```ts block of a Markdown file, without its fences. */
const tsBlocks = (markdown: string) =>
  [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe("README examples", () => {
  it.each([["README.md", "examples/next-app-router/app/admit/[...path]/route.ts"]])(
    "%s shows %s exactly",
    (readme, example) => {
      const source = read(example);
      const block = tsBlocks(read(readme)).find((b) => b.startsWith(source.split("\n")[0]!));
      expect(block, `no \`\`\`ts block in ${readme} starts like ${example}`).toBeDefined();
      expect(block).toBe(source);
    },
  );
});
