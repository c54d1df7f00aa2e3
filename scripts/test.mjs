// `npm test`: every check the project has, in order, with one summary at the end.
// Exits non-zero if any step fails; later steps still run so the summary is complete.
import { spawnSync } from "node:child_process";

const steps = [
  ["build", "npm run build"],
  ["bundle size", "node scripts/bundle-size.mjs"],
  ["typecheck", "npm run typecheck"],
  ["lint + format", "npm run lint"],
  ["node tests", "npm run test:node"],
  ["browser tests", "npm run test:browser"],
  ["storybook build", "npm run build-storybook"],
  ["storybook a11y + errors", "npm run test:storybook"],
];

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
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} step(s) failed` : "\nall steps passed");
process.exit(failed.length ? 1 : 0);
