import { defineConfig } from "vitest/config";

// Node-side tests: the client, the server kit, and integration/e2e suites under test/.
// Widget tests run in real Chromium through web-test-runner (web-test-runner.config.mjs).
export default defineConfig({
  resolve: { conditions: ["source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["source", "node", "import", "default"] } },
  test: {
    include: [
      "packages/client/src/**/*.test.ts",
      "packages/server-kit/src/**/*.test.ts",
      "test/node/**/*.test.ts",
      "test/integration/**/*.test.ts",
      "test/e2e/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
