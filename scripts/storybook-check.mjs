// `npm test` step "storybook a11y + errors": opens every story of the built Storybook
// (stories/storybook-static, made by `npm run build-storybook`) in real Chromium, waits until
// the story rendered and its play function finished, then fails on any axe-core violation,
// console error, page error or failed play function. A self-test first proves the check
// catches an unlabeled input and a console error, so a green run means something.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { checkPage } from "./storybook-check/check-page.mjs";
import { SELF_TEST_PAGES, verifySelfTest } from "./storybook-check/self-test.mjs";
import { startStaticServer } from "./storybook-check/static-server.mjs";

const STATIC_DIR = "stories/storybook-static";
/** Pages checked at once; one browser, 2 cores. */
const PARALLEL_PAGES = 3;
/** Chromium's console line for an HTTP error answer, e.g. the 503 an error story scripts. */
const SCRIPTED_HTTP_PROBLEM =
  /^console: Failed to load resource: the server responded with a status of [45]\d\d/;
/** How long one story may take to render and play (its own waits included). */
const STORY_TIMEOUT_MS = 20_000;

if (!existsSync(join(STATIC_DIR, "index.json"))) {
  console.error(`${STATIC_DIR}/index.json is missing: run \`npm run build-storybook\` first.`);
  process.exit(1);
}
const index = JSON.parse(readFileSync(join(STATIC_DIR, "index.json"), "utf8"));
const stories = Object.values(index.entries).filter((entry) => entry.type === "story");

/** Device settings a story asks for by tag: `dark-scheme` (system dark mode), `narrow` (phone). */
function mediaOf(tags) {
  return {
    ...(tags.includes("dark-scheme") && { colorScheme: "dark" }),
    ...(tags.includes("narrow") && { viewport: { width: 320, height: 640 } }),
  };
}

/** Resolves once Storybook finished the story (render, play, afterEach); throws if it failed. */
async function waitForStory(page) {
  await page.waitForFunction(
    () =>
      window.__STORYBOOK_PREVIEW__?.currentRender?.phase === "finished" ||
      document.body.classList.contains("sb-show-errordisplay"),
    null,
    { timeout: STORY_TIMEOUT_MS },
  );
  const failure = await page.evaluate(() =>
    document.body.classList.contains("sb-show-errordisplay")
      ? `${document.querySelector("#error-message")?.textContent ?? ""}`.trim()
      : null,
  );
  if (failure !== null) throw new Error(`story failed: ${failure || "(no message)"}`);
}

const server = await startStaticServer(STATIC_DIR, SELF_TEST_PAGES);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
let exitCode = 0;
try {
  const context = await browser.newContext();

  const selfTestProblem = await verifySelfTest((path) =>
    checkPage(context, `${server.origin}${path}`, async () => {}),
  );
  if (selfTestProblem) {
    console.error(`self-test FAILED: ${selfTestProblem}`);
    process.exit(1);
  }
  console.log("self-test passed: an unlabeled input and a console error are caught");

  const reports = new Array(stories.length);
  let next = 0;
  const worker = async () => {
    while (next < stories.length) {
      const i = next++;
      const story = stories[i];
      const started = Date.now();
      // `a11y.manual` skips the a11y addon's own axe run: this check runs axe itself, once.
      const url = `${server.origin}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=a11y.manual:!true`;
      const report = await checkPage(context, url, waitForStory, mediaOf(story.tags ?? []));
      // Chromium logs every 4xx/5xx answer; stories tagged `http-problems` script those answers.
      if (story.tags?.includes("http-problems"))
        report.errors = report.errors.filter((e) => !SCRIPTED_HTTP_PROBLEM.test(e));
      reports[i] = { story, ...report, ms: Date.now() - started };
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_PAGES }, worker));

  const width = Math.max(...stories.map((s) => s.id.length));
  console.log(`\n${"story".padEnd(width)}  result  axe  errors    ms`);
  for (const { story, violations, errors, ms } of reports) {
    const ok = violations.length === 0 && errors.length === 0;
    console.log(
      `${story.id.padEnd(width)}  ${ok ? "pass  " : "FAIL  "}  ${String(violations.length).padStart(3)}  ${String(errors.length).padStart(6)}  ${String(ms).padStart(4)}`,
    );
    for (const v of violations)
      console.log(`    axe ${v.id} (${v.impact}): ${v.help} at ${v.targets.join(", ")}`);
    for (const e of errors) console.log(`    ${e}`);
  }
  const failed = reports.filter((r) => r.violations.length > 0 || r.errors.length > 0);
  console.log(`\n${reports.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length > 0 || reports.length === 0) exitCode = 1;
  if (reports.length === 0) console.error("no stories found in index.json");
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
