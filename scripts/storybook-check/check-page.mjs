// Opens one page in real Chromium and reports what a buyer's assistive technology and the
// browser console would complain about: axe-core violations, console errors, page errors.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

/**
 * What axe checks. Storybook's own chrome is excluded (as the a11y addon does), and `region`
 * is off because a component shown alone is not a page with landmarks.
 */
const AXE_CONTEXT = {
  include: ["body"],
  exclude: [[".sb-wrapper"], ["#storybook-docs"], ["#storybook-highlights-root"]],
};
const AXE_OPTIONS = { rules: { region: { enabled: false } }, resultTypes: ["violations"] };

/**
 * @typedef {object} PageReport
 * @property {{ id: string, impact: string | null, help: string, targets: string[] }[]} violations
 * @property {string[]} errors console errors, page errors and render failures
 */

/**
 * Loads `url` in a fresh page of `context`, waits with `ready(page)`, then runs axe-core.
 *
 * @param {import("playwright-core").BrowserContext} context
 * @param {string} url
 * @param {(page: import("playwright-core").Page) => Promise<void>} ready resolves once the page
 *   shows what should be checked; throws (with a message) when it never does
 * @param {{ colorScheme?: "light" | "dark", viewport?: { width: number, height: number } }} [media]
 *   how the buyer's device looks, e.g. a dark system theme or a phone
 * @returns {Promise<PageReport>}
 * @example const report = await checkPage(context, `${origin}/iframe.html?id=x`, waitForStory);
 */
export async function checkPage(context, url, ready, media = {}) {
  const page = await context.newPage();
  if (media.colorScheme) await page.emulateMedia({ colorScheme: media.colorScheme });
  if (media.viewport) await page.setViewportSize(media.viewport);
  const errors = [];
  page.on("console", (message) => {
    // First line only: a stack trace of minified code tells nothing the story id does not.
    if (message.type() === "error") errors.push(`console: ${message.text().split("\n")[0]}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message.split("\n")[0]}`));
  try {
    await page.goto(url, { waitUntil: "load" });
    await ready(page);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(
      async ([axeContext, options]) => {
        const results = await window.axe.run(axeContext, options);
        return results.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          targets: v.nodes.map((n) => JSON.stringify(n.target)),
        }));
      },
      [AXE_CONTEXT, AXE_OPTIONS],
    );
    return { violations, errors };
  } catch (error) {
    return { violations: [], errors: [...errors, `check: ${error.message.split("\n")[0]}`] };
  } finally {
    await page.close();
  }
}
