/**
 * One host process of `npm run bench`: the kit on Express 5 over PostgreSQL, as an integrator
 * deploys it, plus a no-op route on the same server (the yardstick every figure is divided by)
 * and two floor routes beside the kit (not in its route table): `/floor/db`, one round trip
 * through the kit's own pool (the ceiling of any route that asks the database once), and
 * `/floor/write`, the smallest correct hold-like write in one round trip (the ceiling of any
 * hold on this machine). Configured from the environment; prints `listening <port>` once it
 * accepts requests.
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

// Kept, so the floor routes go through the kit's very pool (its size, prepared statements,
// search_path and type parsers).
// BENCH_HOLD_COMMIT=sync measures holds that wait for the WAL flush (the kit's holdCommit);
// the write floor commits as the kit's holds do.
const HOLD_COMMIT = process.env.BENCH_HOLD_COMMIT === "sync" ? "sync" : "async";
const store = createPostgresStore({
  // Named, so the bench can tell this host's PostgreSQL backends from others' (CPU accounting).
  connectionString: withApplicationName(env("BENCH_DATABASE_URL")),
  schema: env("BENCH_SCHEMA"),
  max: Number(process.env.BENCH_POOL ?? 10),
  // BENCH_PREPARED=0 measures the store's default (statements parsed and planned every call).
  preparedStatements: process.env.BENCH_PREPARED !== "0",
});
const admit = createAdmit({
  store,
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
  holdCommit: HOLD_COMMIT,
});

const app = express();
// As behind a load balancer: the crowd's connections come from loopback, and each request may
// name its buyer's address in X-Forwarded-For (holds.bench.ts does, one buyer per hold).
app.set("trust proxy", "loopback");
app.get("/noop", (_req, res) => {
  res.json({ ok: true });
});
// The floor of a read: one round trip to PostgreSQL and a small JSON answer.
app.get("/floor/db", async (_req, res, next) => {
  try {
    const [row] = await store.query<{ ok: number }>("select 1 as ok");
    res.json({ ok: row!.ok === 1 });
  } catch (error) {
    next(error);
  }
});
// The floor of a hold: one statement (its own transaction, one round trip) that takes a seat
// from a counter guarded in the WHERE clause and by a CHECK, and records the hold, committing
// as the kit's holds do (holdCommit). The table is the bench's own (created by holds.bench.ts
// beside the kit's); 409 when the tier is full.
const FLOOR_HOLD = `with commit_mode as (
    select set_config('synchronous_commit', $2, true) as mode
  ),
  seat as (
    update bench_floor_tiers set held = held + 1
    where id = $1 and held + sold < capacity and (select mode from commit_mode) is not null
    returning id, held
  )
  insert into bench_floor_holds (tier_id, quantity, expires_at)
  select id, 1, now() + interval '10 minutes' from seat
  returning id, (select held from seat) as held`;
app.post("/floor/write", express.json(), async (req, res, next) => {
  try {
    const rows = await store.query<{ id: number; held: number }>(FLOOR_HOLD, [
      String(req.body?.tierId ?? ""),
      HOLD_COMMIT === "async" ? "off" : "on",
    ]);
    if (rows.length === 0) res.status(409).json({ code: "sold_out" });
    else res.status(201).json({ id: rows[0]!.id, held: rows[0]!.held });
  } catch (error) {
    next(error);
  }
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
