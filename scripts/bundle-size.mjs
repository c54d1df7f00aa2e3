// Size budget of the script-tag bundle: gzip (level 9) of packages/widget/dist/cdn/admit.js,
// the one file a page loads to render <admit-tickets> in English. Builds nothing: run after
// `npm run build`. Other locales are separate on-demand chunks and not counted.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const FILE = "packages/widget/dist/cdn/admit.js";
const BUDGET = 28 * 1024;

let source;
try {
  source = readFileSync(FILE);
} catch {
  console.error(`bundle size: ${FILE} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const gzipped = gzipSync(source, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `bundle size: ${FILE} ${kb(source.length)} minified, ${kb(gzipped)} gzip (budget ${kb(BUDGET)})`,
);
if (gzipped > BUDGET) {
  console.error(`bundle size: over budget by ${kb(gzipped - BUDGET)}`);
  process.exit(1);
}
