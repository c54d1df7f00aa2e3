// Size budgets of the script-tag build, packages/widget/dist/cdn/ (gzip level 9, each file as
// it is served). Builds nothing: run after `npm run build`.
//
// 1. The first script: admit.js and everything it imports statically, what a page loads before
//    the tiers show and a hold can be taken. Budget 28,000 bytes (issue #4's "28 KB", read
//    strictly, so it holds for anyone counting a kilobyte as 1,000 bytes).
// 2. An English buyer from ready to paid: the first script plus the chunks that journey loads
//    (the held screen, the order flow, the order screens and polling, and on the paid screen
//    the receipt's schema and the QR encoder, with their imports).
//    Budget 45,000 bytes (issue #15). The waitlist form and German are not on that path.
//
// A change that needs more must first make room elsewhere.
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const DIR = "packages/widget/dist/cdn";
const ENTRY = join(DIR, "admit.js");
const FIRST_BUDGET = 28_000;
const JOURNEY_BUDGET = 45_000;
/** The dynamic chunks an English buyer loads from ready to paid, by name. */
const JOURNEY = /^(held-screen|order-flow|order-screen|poll-order|receipt|qr-code)-/;

const bytes = (n) => `${n.toLocaleString("en")} bytes`;
const source = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    console.error(`bundle size: ${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
};
const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The files `file` imports statically and dynamically, as paths. */
function imports(file) {
  const code = source(file);
  const at = (spec) => join(dirname(file), spec);
  return {
    static: [
      ...code.matchAll(/(?:import|export)\s*(?:[^"'`()]*?\s*from\s*)?["'`](\.[^"'`]+)["'`]/g),
    ].map((m) => at(m[1])),
    dynamic: [...code.matchAll(/import\(\s*["'`](\.[^"'`]+)["'`]\s*\)/g)].map((m) => at(m[1])),
  };
}

/** `files` and everything they import statically. */
function withStaticImports(files, into = new Set()) {
  for (const file of files) {
    if (into.has(file)) continue;
    into.add(file);
    withStaticImports(imports(file).static, into);
  }
  return into;
}

const first = withStaticImports([ENTRY]);
const later = new Set();
for (const file of [...first]) {
  // Dynamic imports anywhere on the path, followed from the chunks on the journey too.
  const queue = [file];
  while (queue.length) {
    for (const target of imports(queue.pop()).dynamic) {
      const name = target.slice(target.lastIndexOf("/") + 1);
      if (!JOURNEY.test(name) || later.has(target)) continue;
      for (const f of withStaticImports([target])) {
        if (!first.has(f) && !later.has(f)) {
          later.add(f);
          queue.push(f);
        }
      }
    }
  }
}

const total = (files) => [...files].reduce((sum, f) => sum + gzip(f), 0);
const list = (files) => [...files].map((f) => `${relative(DIR, f)} ${bytes(gzip(f))}`).join(", ");
const firstBytes = total(first);
const journeyBytes = firstBytes + total(later);
let over = false;
for (const [label, size, budget, files] of [
  ["first script", firstBytes, FIRST_BUDGET, first],
  ["English buyer, ready to paid", journeyBytes, JOURNEY_BUDGET, later],
]) {
  console.log(
    `bundle size: ${label} ${bytes(size)} gzip (budget ${bytes(budget)}, ${bytes(budget - size)} left)` +
      `\n  ${label === "first script" ? "" : "first script + "}${list(files)}`,
  );
  if (size > budget) {
    console.error(`bundle size: ${label} is over the budget by ${bytes(size - budget)}`);
    over = true;
  }
}
if (over) process.exit(1);
