import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";

// Widget tests in real Chromium (Debian's /usr/bin/chromium; test tools cannot download browsers here).
export default {
  files: ["packages/widget/src/**/*.test.ts", "test/browser/**/*.test.ts"],
  nodeResolve: { exportConditions: ["source", "browser", "development"] },
  plugins: [esbuildPlugin({ ts: true, target: "es2022", tsconfig: "tsconfig.json" })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-dev-shm-usage",
          // Test pages run side by side; a background page must keep its timers and polling.
          "--disable-background-timer-throttling",
          "--disable-renderer-backgrounding",
          "--disable-backgrounding-occluded-windows",
        ],
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
};
