import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe } from "vitest";
import { launchChromium } from "./chromium.js";
import { E2E_RUNS, type E2eDemo, startE2eDemo } from "./e2e-demo.js";

type DemoOptions = Omit<Parameters<typeof startE2eDemo>[0], "framework" | "database">;

/** What a suite of {@link describeEachDemo} works with: set before its first test runs. */
export interface DemoRun {
  /** One Chromium for the suite. */
  browser: Browser;
  /** The demo of the run whose tests are running. */
  demo: E2eDemo;
}

/**
 * The e2e suites' shared prologue: one Chromium, and through every run of `E2E_RUNS` (framework
 * × database) a fresh demo started with `options.demo`, then `options.setup`, closed after. The
 * titles stay `<title> on <framework> with <database>`.
 *
 * @example
 * describeEachDemo("npm start demo", {}, (run) => {
 *   it("…", async () => { const context = await newBuyerContext(run.browser); … run.demo.url … });
 * });
 */
export function describeEachDemo(
  title: string,
  options: { demo?: DemoOptions; setup?: (demo: E2eDemo) => Promise<void> },
  suite: (run: DemoRun) => void,
): void {
  const run = {} as DemoRun;
  beforeAll(async () => {
    run.browser = await launchChromium();
  });
  afterAll(async () => {
    await run.browser?.close();
  });
  describe.each(E2E_RUNS)(`${title} on $framework with $database`, ({ framework, database }) => {
    beforeAll(async () => {
      run.demo = await startE2eDemo({ ...options.demo, framework, database });
      await options.setup?.(run.demo);
    });
    afterAll(async () => {
      await run.demo?.close();
    });
    suite(run);
  });
}
