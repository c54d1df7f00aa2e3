import { createAdmit, createPgliteStore, createPostgresStore } from "@admit/server-kit";
import {
  createSandboxService,
  generateWebhookSecret,
  sandboxProvider,
} from "@admit/server-kit/sandbox";

const port = Number(process.env.PORT ?? 3000);
const adminToken = process.env.ADMIT_ADMIN_TOKEN;
const apiKey = "sk_sandbox_dev";
const webhookSecret = generateWebhookSecret();

// The sandbox payment provider: a small HTTP service of its own with a hosted Pay / Decline /
// Cancel page, reached over HTTP like a real provider. No money moves; use
// `@admit/server-kit/stripe` in production.
export const sandbox = createSandboxService({
  apiKey,
  webhookSecret,
  publicUrl: process.env.SANDBOX_URL ?? "http://127.0.0.1:4010",
  webhookUrl: `http://127.0.0.1:${port}/admit/webhooks/sandbox`,
});
const { url: sandboxUrl } = await sandbox.listen();

export const admit = createAdmit({
  // A PostgreSQL server when DATABASE_URL is set, else embedded PGlite in .admit-data
  // (`npm install @electric-sql/pglite`).
  store: process.env.DATABASE_URL
    ? createPostgresStore({ connectionString: process.env.DATABASE_URL })
    : createPgliteStore({ dataDir: ".admit-data" }),
  providers: [sandboxProvider({ url: sandboxUrl, apiKey, webhookSecret })],
  allowedOrigins: ["http://localhost:5173"], // the pages that embed <admit-tickets>
  authorize: (request) =>
    adminToken && request.headers.get("authorization") === `Bearer ${adminToken}`
      ? { id: "u_1", name: "Box office" }
      : null,
});
await admit.migrate(); // creates or updates the admit_* tables now rather than on the first request

// Provider lookups of pending payments, expiries and waitlist offers, every minute; errors go to
// onError (a database that is briefly down never ends the process).
const stopBackgroundWork = admit.startBackgroundWork({ every: 60_000 });

/** Call once the server has stopped taking requests: waits for deliveries, closes the store. */
export async function shutdown(): Promise<void> {
  await stopBackgroundWork();
  await admit.close();
  await sandbox.close();
}
