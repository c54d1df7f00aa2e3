import { type Browser, type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium, which `.ci/run` installs. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * One real Chromium per test file.
 *
 * @example
 * const browser = await launchChromium();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * A fresh buyer: own cookies and sessionStorage, English, and waits that fail well inside the
 * test's own timeout so the failing step is the one reported.
 */
export async function newBuyerContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: "en-US", timezoneId: "Europe/Berlin" });
  context.setDefaultTimeout(15_000);
  return context;
}
