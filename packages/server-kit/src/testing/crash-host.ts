/**
 * A host process for the crash tests: the kit on Express over PostgreSQL, configured from the
 * environment, printing `listening <url>` once it accepts requests. The test kills it with
 * SIGKILL mid-request. Run with `node --conditions=source --import tsx crash-host.ts`.
 */
import express from "express";
import { admitRouter } from "../adapters/express.js";
import { createAdmit } from "../create-admit.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import { createPostgresStore } from "../store/postgres-store.js";
import { testAuthorize } from "./kit-request.js";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`crash-host: set ${name}`);
  return value;
};

const admit = createAdmit({
  store: createPostgresStore({
    connectionString: env("ADMIT_DATABASE_URL"),
    schema: env("ADMIT_SCHEMA"),
  }),
  providers: [
    sandboxProvider({
      url: env("ADMIT_PROVIDER_URL"),
      apiKey: env("ADMIT_PROVIDER_KEY"),
      webhookSecret: env("ADMIT_WEBHOOK_SECRET"),
    }),
  ],
  // The admin routes answer the test suites' admin token (`Bearer admin-secret`).
  authorize: testAuthorize,
  allowedOrigins: (process.env.ADMIT_ALLOWED_ORIGINS ?? "").split(",").filter(Boolean),
  rateLimit: { holdsPerMinute: 100_000, requestsPerMinute: 100_000 },
});
const app = express();
app.use("/admit", admitRouter(admit));
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object")
    process.stdout.write(`listening http://127.0.0.1:${address.port}/admit\n`);
});
