import { type Browser, chromium } from "playwright-core";

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
