import { readFileSync } from "node:fs";
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";

// msw's service worker must be served from the page's root to intercept the widget's real
// `fetch` calls (the worker file matches the installed msw version).
const mswWorker = readFileSync(
  new URL("node_modules/msw/lib/mockServiceWorker.js", import.meta.url),
);
function serveMswWorker(context, next) {
  if (context.path !== "/mockServiceWorker.js") return next();
  context.type = "application/javascript";
  context.body = mswWorker;
}

// Widget tests in real Chromium (Debian's /usr/bin/chromium; test tools cannot download browsers here).
export default {
  files: ["packages/widget/src/**/*.test.ts", "test/browser/**/*.test.ts"],
  nodeResolve: { exportConditions: ["source", "browser", "development"] },
  middleware: [serveMswWorker],
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
        ],
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
};
