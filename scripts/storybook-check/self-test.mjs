// Proof that the Storybook check can fail: pages with a known accessibility violation and a
// known console error, served by the check's own server and checked by the same code as stories.

/** Served at these paths next to the built Storybook; never part of the shipped stories. */
export const SELF_TEST_PAGES = {
  "/__storybook-check__/unlabeled-input.html": `<!doctype html>
<html lang="en"><head><title>self-test: unlabeled input</title></head>
<body><main><div id="host"></div></main>
<script type="module">
  const root = document.getElementById("host").attachShadow({ mode: "open" });
  root.innerHTML = '<input type="text">';
</script></body></html>`,
  "/__storybook-check__/console-error.html": `<!doctype html>
<html lang="en"><head><title>self-test: console error</title></head>
<body><main><p>fine</p></main>
<script type="module">console.error("self-test: deliberate console error");</script></body></html>`,
};

/**
 * Runs the check on both pages; resolves to a problem description, or null when the check
 * caught both the unlabeled input inside a shadow root (axe rule `label`) and the console error.
 *
 * @param {(path: string) => Promise<import("./check-page.mjs").PageReport>} check
 * @returns {Promise<string | null>}
 */
export async function verifySelfTest(check) {
  const unlabeled = await check("/__storybook-check__/unlabeled-input.html");
  if (!unlabeled.violations.some((v) => v.id === "label"))
    return `an unlabeled input in a shadow root was not reported (got ${JSON.stringify(unlabeled)})`;
  const consoleError = await check("/__storybook-check__/console-error.html");
  if (!consoleError.errors.some((e) => e.includes("deliberate console error")))
    return `a console error was not reported (got ${JSON.stringify(consoleError)})`;
  return null;
}
