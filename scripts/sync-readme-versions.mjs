// Part of `npm run version-packages`: the READMEs' CDN URLs name an exact version of
// @admit/widget (`…/npm/@admit/widget@0.1.0/dist/cdn/admit.js`), which `changeset version` does
// not know about. This sets them to the version in packages/widget/package.json.
// `--check` changes nothing and exits 1 when a URL names another version (a Node test runs it).
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const READMES = ["README.md", "packages/widget/README.md"];
const { version } = JSON.parse(readFileSync(join(ROOT, "packages/widget/package.json"), "utf8"));
const URL_VERSION = /(@admit\/widget@)(\d+\.\d+\.\d+(?:-[\w.]+)?)(\/dist\/cdn\/)/g;

const check = process.argv.includes("--check");
const stale = [];
for (const readme of READMES) {
  const file = join(ROOT, readme);
  const text = readFileSync(file, "utf8");
  for (const [, , found] of text.matchAll(URL_VERSION))
    if (found !== version) stale.push(`${readme}: @admit/widget@${found}, package is ${version}`);
  if (!check) writeFileSync(file, text.replace(URL_VERSION, `$1${version}$3`));
}
if (check && stale.length) {
  console.error(
    `CDN URLs name another version (run node scripts/sync-readme-versions.mjs):\n${stale.join("\n")}`,
  );
  process.exit(1);
}
