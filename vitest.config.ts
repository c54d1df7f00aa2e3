import { defineConfig } from "vitest/config";

// Node-side tests: the client, the server kit, and integration/e2e suites under test/.
// Widget tests run in real Chromium through web-test-runner (web-test-runner.config.mjs).
export default defineConfig({
  resolve: { conditions: ["source", "module", "node", "import", "default"] },
  // Vitest also hands these to Node as --conditions for externalized packages; "import" there
  // would make CommonJS require() load ESM builds (pg → pg-pool breaks), so only add "source".
  ssr: { resolve: { conditions: ["source", "node"] } },
  test: {
    include: [
      "packages/client/src/**/*.test.ts",
      "packages/server-kit/src/**/*.test.ts",
      "test/node/**/*.test.ts",
      "test/integration/**/*.test.ts",
      "test/e2e/**/*.test.ts",
      "test/fuzz/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
