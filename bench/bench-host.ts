/**
 * One host process of `npm run bench`: the kit on Express 5 over PostgreSQL, as an integrator
 * deploys it, plus a no-op route on the same server (the yardstick every figure is divided by).
 * Configured from the environment; prints `listening <port>` once it accepts requests.
 */
import { createAdmit, createPostgresStore } from "@admit/server-kit";
import { admitRouter } from "@admit/server-kit/express";
import { sandboxProvider } from "@admit/server-kit/sandbox";
import express from "express";
import { BENCH_APPLICATION_NAME } from "./cpu-accounting.js";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`bench-host: set ${name}`);
  return value;
};

function withApplicationName(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("application_name", BENCH_APPLICATION_NAME);
  return parsed.href;
}

const admit = createAdmit({
  store: createPostgresStore({
    // Named, so the bench can tell this host's PostgreSQL backends from others' (CPU accounting).
    connectionString: withApplicationName(env("BENCH_DATABASE_URL")),
    schema: env("BENCH_SCHEMA"),
    max: Number(process.env.BENCH_POOL ?? 10),
    // BENCH_PREPARED=0 measures the store's default (statements parsed and planned every call).
    preparedStatements: process.env.BENCH_PREPARED !== "0",
  }),
  providers: [
    sandboxProvider({
      url: env("BENCH_PROVIDER_URL"),
      apiKey: "sk_bench",
      webhookSecret: env("BENCH_WEBHOOK_SECRET"),
    }),
  ],
  authorize: () => ({ id: "bench", name: "Benchmark" }),
  allowedOrigins: ["http://bench.local"],
  // The load generator is a crowd of clients, each with its own address; limits stay out of it.
  rateLimit: { holdsPerMinute: 10_000_000, requestsPerMinute: 10_000_000 },
  maxHeldSeatsPerClient: 10_000_000,
  // Polls answer from the database; no provider lookup during the measurement.
  lookupAfterMs: 3_600_000,
  onError: (error) => console.error(error),
  unsafeDisableCapacityLock: process.env.BENCH_CONTROL === "1",
});

const app = express();
app.get("/noop", (_req, res) => {
  res.json({ ok: true });
});
app.use("/admit", admitRouter(admit));
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.stdout.write(`listening ${address.port}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  void admit.close().then(() => process.exit(0));
});
