// `npm start`: the demo as a command. Configuration comes from the environment; everything else
// is in create-demo.ts.
import { resolve } from "node:path";
import { createDemo } from "./create-demo.js";
import { DemoConfigError, type DemoProviderChoice, providerFromEnv } from "./demo-provider.js";
import { ticketKeySecretFromEnv } from "./ticket-key-secret.js";

const env = process.env;
const framework = env.ADMIT_FRAMEWORK ?? "express";
if (framework !== "express" && framework !== "fastify") {
  console.error(`ADMIT_FRAMEWORK must be "express" or "fastify", not "${framework}"`);
  process.exit(1);
}
const port = Number(env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${env.PORT}"`);
  process.exit(1);
}
const dataDir = resolve(env.ADMIT_DATA_DIR ?? ".admit-data");
const holdTtlSeconds = env.ADMIT_HOLD_TTL_SECONDS ? Number(env.ADMIT_HOLD_TTL_SECONDS) : undefined;
if (holdTtlSeconds !== undefined && !(Number.isInteger(holdTtlSeconds) && holdTtlSeconds > 0)) {
  console.error(
    `ADMIT_HOLD_TTL_SECONDS must be a whole number of seconds, not "${env.ADMIT_HOLD_TTL_SECONDS}"`,
  );
  process.exit(1);
}
let provider: DemoProviderChoice;
let ticketKeySecret: string | undefined;
try {
  provider = providerFromEnv(env);
  ticketKeySecret = ticketKeySecretFromEnv(env, dataDir);
} catch (error) {
  if (!(error instanceof DemoConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const demo = await createDemo({
  port,
  provider,
  ...(env.ADMIT_PUBLIC_URL ? { publicUrl: env.ADMIT_PUBLIC_URL } : {}),
  hostname: env.HOST ?? "127.0.0.1",
  framework,
  dataDir,
  databaseUrl: env.DATABASE_URL || undefined,
  adminToken: env.ADMIT_ADMIN_TOKEN || undefined,
  sandboxWebhookSecret: env.ADMIT_SANDBOX_WEBHOOK_SECRET || undefined,
  ticketKeySecret,
  holdTtl: holdTtlSeconds && holdTtlSeconds * 1000,
}).catch((error: unknown) => {
  if (!(error instanceof DemoConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
});

const PAYMENTS = {
  sandbox: (url: string) => `sandbox provider at ${url}/sandbox, nothing is charged`,
  stripe: (url: string) =>
    `Stripe (STRIPE_SECRET_KEY; use a test key); webhooks to ${url}/admit/webhooks/stripe`,
  mollie: (url: string) =>
    `Mollie (MOLLIE_API_KEY; use a test_ key); Mollie calls ${env.MOLLIE_WEBHOOK_URL || `${url}/admit/webhooks/mollie`}`,
} as const;
const storage = env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${dataDir}`;
console.log(`
Admit demo running at ${demo.url}
  framework   ${demo.framework}, the kit at ${demo.url}/admit
  storage     ${storage}${demo.seeded ? ' (event "demo" created)' : ""}
  payments    ${PAYMENTS[demo.provider](demo.url)}
  admin token ${demo.adminToken}${demo.generated.adminToken ? "  (generated; set ADMIT_ADMIN_TOKEN to choose one)" : ""}
  mail        ${demo.mailbox ? `confirmations sent by SMTP to 127.0.0.1:${demo.mailbox.smtpPort}; read them at ${demo.url}/mail` : "off"}
  webhooks    ${demo.generated.sandboxWebhookSecret ? `secret ${demo.sandboxWebhookSecret}  (generated; set ADMIT_SANDBOX_WEBHOOK_SECRET to choose one)` : "secret from ADMIT_SANDBOX_WEBHOOK_SECRET"}

  tickets     ${ticketKeySecret ? `signed codes (Ed25519); public keys at ${demo.url}/admit/events/demo/ticket-keys` : "plain random codes (ADMIT_TICKET_KEY_SECRET=off)"}

  Orders:  curl -H "Authorization: Bearer ${demo.adminToken}" ${demo.url}/admit/admin/orders
  Door:    curl -H "Authorization: Bearer ${demo.adminToken}" -H "Content-Type: application/json" \\
             -H "Idempotency-Key: $(date +%s%N)" \\
             -d '{"code":"<a ticket code from the receipt>"}' ${demo.url}/admit/admin/check-ins
  Stop with Ctrl+C; the data stays for the next start.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
