// `npm test`: every check the project has, in order, with one summary at the end.
// Exits non-zero if any step fails; later steps still run so the summary is complete.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

// The Node tests also write a JSON report, so the summary at the very end can name the failed
// tests: in CI only the tail of the output may be seen.
const NODE_REPORT = ".test-results/vitest.json";

const steps = [
  ["build", "npm run build"],
  ["bundle size", "node scripts/bundle-size.mjs"],
  ["typecheck", "npm run typecheck"],
  ["lint + format", "npm run lint"],
  // Seconds: no import cycle (type-only imports count), no internal import of a barrel.
  ["import cycles (dependency-cruiser)", "npm run check:imports"],
  // ~25 s; a README or doc comment change can break it (an unknown code block language, a link).
  ["api reference (TypeDoc)", "npm run docs"],
  [
    "node tests",
    `npm run test:node -- --reporter=default --reporter=json --outputFile=${NODE_REPORT}`,
  ],
  ["consumer (packed packages)", "node scripts/consumer-test.mjs"],
  ["browser tests", "npm run test:browser"],
  ["storybook build", "npm run build-storybook"],
  ["storybook a11y + errors", "npm run test:storybook"],
];

rmSync(NODE_REPORT, { force: true });
const results = [];
for (const [name, command] of steps) {
  console.log(`\n=== ${name}: ${command}`);
  const started = Date.now();
  const { status } = spawnSync(command, { stdio: "inherit", shell: true });
  results.push({ name, ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

console.log("\n=== summary");
for (const r of results)
  console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.name.padEnd(24)} ${r.seconds}s`);
for (const line of failedNodeTests()) console.log(`  failed: ${line}`);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} step(s) failed` : "\nall steps passed");
process.exit(failed.length ? 1 : 0);

/** "file > suite > test: first line of the error" for each failed test in the Node report (none when there is no report). */
function failedNodeTests() {
  if (!existsSync(NODE_REPORT)) return [];
  const report = JSON.parse(readFileSync(NODE_REPORT, "utf8"));
  return report.testResults.flatMap((file) => {
    const name = file.name.replace(`${process.cwd()}/`, "");
    const tests = file.assertionResults.filter((t) => t.status === "failed");
    if (tests.length === 0 && file.status === "failed") return [`${name}: ${file.message}`];
    return tests.map((t) => `${name} > ${t.fullName}: ${firstLine(t.failureMessages[0])}`);
  });
}

function firstLine(text = "") {
  return text.split("\n")[0].slice(0, 300);
}
