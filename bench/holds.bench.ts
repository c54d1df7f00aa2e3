/**
 * `npm run bench` (`-- --json` for one JSON object): the on-sale rush as an integrator deploys
 * the kit. Two Express host processes on one PostgreSQL, a crowd of clients on loopback (each
 * its own source address), scenarios interleaved round by round, every figure also given as a
 * ratio to a no-op route of the same servers in the same run: absolute numbers on a shared
 * machine are noise, ratios much less so. Two floors are measured the same way: one round trip
 * to PostgreSQL (`dbFloor`) and the smallest correct hold-like write (`writeFloor`), so each
 * route is also given as a share of the best any implementation could do on this machine.
 * Then the oversell race through both processes, and its control (row locks and CHECK removed)
 * on a schema of its own.
 */
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { createAdmit, createPostgresStore, type Store } from "@admit/server-kit";
import {
  createSandboxService,
  generateWebhookSecret,
  sandboxProvider,
} from "@admit/server-kit/sandbox";
import pg from "pg";
import { type CpuSplit, cpuAccounting } from "./cpu-accounting.js";
import { type Client, createClient, runCount, runFor } from "./load-generator.js";
import { startHosts } from "./start-hosts.js";

const DATABASE_URL =
  process.env.ADMIT_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// BENCH_PROCESSES=1 measures what one process sustains.
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 2);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2_000);
const RACE_CAPACITY = 100;
const RACE_ATTEMPTS = Number(process.env.BENCH_RACE_ATTEMPTS ?? 1_000);
const JSON_OUTPUT = process.argv.includes("--json");
// How the kit's holds commit (its holdCommit option; bench-host reads the same variable).
const HOLD_COMMIT = process.env.BENCH_HOLD_COMMIT === "sync" ? "sync" : "async";
const log = (line: string) => {
  if (!JSON_OUTPUT) console.log(line);
};

const webhookSecret = generateWebhookSecret();
const sandbox = createSandboxService({
  apiKey: "sk_bench",
  webhookSecret,
  publicUrl: "http://127.0.0.1:0",
  webhooks: false,
});
const providerUrl = (await sandbox.listen()).url.replace(/\/$/, "");

/** A fresh schema, migrated, with the kit that seeds it. */
async function prepareSchema() {
  const schema = `admit_bench_${randomBytes(5).toString("hex")}`;
  const store: Store = createPostgresStore({ connectionString: DATABASE_URL, schema, max: 4 });
  const admit = createAdmit({
    store,
    providers: [sandboxProvider({ url: providerUrl, apiKey: "sk_bench", webhookSecret })],
    authorize: () => ({ id: "bench", name: "Benchmark" }),
    allowedOrigins: ["http://bench.local"],
    rateLimit: { holdsPerMinute: 10_000_000, requestsPerMinute: 10_000_000 },
    maxHeldSeatsPerClient: 10_000_000,
  });
  await admit.migrate();
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await admit.handle(
      new Request(`http://bench.local${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          "idempotency-key": randomBytes(12).toString("hex"),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      { clientIp: "10.255.0.1" },
    );
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  const event = (id: string, tiers: { id: string; capacity: number }[]) =>
    call("PUT", `/admin/events/${id}`, {
      name: `Bench ${id}`,
      startsAt: "2030-01-01T19:00:00Z",
      currency: "EUR",
      tiers: tiers.map((t) => ({
        ...t,
        name: t.id,
        price: { amount: 2500, currency: "EUR" },
        maxPerOrder: 10,
      })),
    });
  const close = async () => {
    await admit.close();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  };
  return { schema, store, call, event, close };
}

/** `count` live one-seat holds on `eventId`, written straight into the tables (triggers count them). */
async function seedHolds(store: Store, eventId: string, count: number) {
  await store.query(
    `insert into admit_holds (id, event_id, token_hash, client_key, status, total_amount, currency, expires_at)
     select 'hold_seed_' || $1 || '_' || g, $1, 'seed', '10.9.' || g, 'active', 2500, 'EUR', now() + interval '1 hour'
     from generate_series(1, $2::int) g`,
    [eventId, count],
  );
  await store.query(
    `insert into admit_hold_items (hold_id, event_id, tier_id, position, quantity, unit_amount)
     select 'hold_seed_' || $1 || '_' || g, $1, 'ga', 0, 1, 2500 from generate_series(1, $2::int) g`,
    [eventId, count],
  );
}

const main = await prepareSchema();
await main.event("wide", [{ id: "ga", capacity: 1_000_000 }]);
await main.event("hot", [{ id: "ga", capacity: 10 }]);
await main.event(
  "many",
  Array.from({ length: 50 }, (_, i) => ({
    id: `t${String(i).padStart(2, "0")}`,
    capacity: 1_000_000,
  })),
);
await main.event("crowd100", [{ id: "ga", capacity: 1_000_000 }]);
await main.event("crowd10000", [{ id: "ga", capacity: 1_000_000 }]);
await main.event("race", [{ id: "ga", capacity: RACE_CAPACITY }]);
await seedHolds(main.store, "crowd100", 100);
await seedHolds(main.store, "crowd10000", 10_000);
// The write floor's tables (bench-host's FLOOR_HOLD): a tier's counter with its CHECK, and the
// holds, each with a key and an expiry as a hold needs; one wide tier, as the `hold` scenario,
// and 50 (f00…f49) as `manyTierHold`: the floor without one row's lock serialising the writes.
await main.store.exec(`
  create table bench_floor_tiers (
    id text primary key,
    capacity int not null,
    held int not null default 0,
    sold int not null default 0,
    check (held + sold <= capacity)
  );
  create table bench_floor_holds (
    id bigint generated always as identity primary key,
    tier_id text not null,
    quantity int not null,
    expires_at timestamptz not null
  );
  insert into bench_floor_tiers (id, capacity) values ('ga', 1000000000);
  insert into bench_floor_tiers (id, capacity)
    select 'f' || lpad(g::text, 2, '0'), 1000000000 from generate_series(0, 49) g;
`);
// Orders to poll: one per client, pending payment at the sandbox.
const orders: { id: string; token: string }[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const hold = await main.call("POST", "/holds", {
    eventId: "wide",
    items: [{ tierId: "ga", quantity: 1 }],
  });
  const checkout = await main.call(
    "POST",
    `/holds/${hold.id}/checkout`,
    {
      buyer: { name: "Bench", email: "bench@example.com" },
      returnUrl: "http://bench.local/thanks",
    },
    hold.token,
  );
  orders.push({ id: checkout.order.id, token: checkout.orderToken });
}

// What a commit waits for (the write floor and every hold commit with the server's settings).
const [postgres] = await main.store.query<{
  version: string;
  synchronousCommit: string;
  fsync: string;
}>(
  `select current_setting('server_version') as version,
     current_setting('synchronous_commit') as "synchronousCommit", current_setting('fsync') as fsync`,
);
const hostEnv = {
  BENCH_DATABASE_URL: DATABASE_URL,
  BENCH_PROVIDER_URL: providerUrl,
  BENCH_WEBHOOK_SECRET: webhookSecret,
};
const hosts = await startHosts(PROCESSES, { ...hostEnv, BENCH_SCHEMA: main.schema });
const clients: Client[] = Array.from({ length: CLIENTS }, (_, i) => createClient(i + 1));
const port = (i: number) => hosts.ports[i % hosts.ports.length]!;
const key = () => ({ "idempotency-key": randomBytes(12).toString("hex") });
// A crowd is many buyers with a hold or two each, not 64 buyers with hundreds: each hold comes
// from a buyer of its own (X-Forwarded-For through the hosts' trusted loopback hop, as behind a
// load balancer), so the per-client cap's count costs what it costs a real buyer.
// BENCH_BUYERS=connections makes each connection one buyer for all its holds instead.
const BUYER_PER_HOLD = process.env.BENCH_BUYERS !== "connections";
let buyers = 0;
const buyer = (): Record<string, string> => {
  if (!BUYER_PER_HOLD) return {};
  const n = ++buyers;
  return { "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
};
const hold = (c: Client, i: number, eventId: string, tierId = "ga") =>
  c.request(port(i), "POST", "/admit/holds", {
    body: { eventId, items: [{ tierId, quantity: 1 }] },
    headers: { ...key(), ...buyer() },
  });

const all = {
  noop: (c: Client, i: number) => c.request(port(i), "GET", "/noop"),
  hold: (c: Client, i: number) => hold(c, i, "wide"),
  hotHold: (c: Client, i: number) => hold(c, i, "hot"),
  manyTierHold: (c: Client, i: number) => hold(c, i, "many", `t${String(i % 50).padStart(2, "0")}`),
  poll: (c: Client, i: number) => {
    const order = orders[i % orders.length]!;
    return c.request(port(i), "GET", `/admit/orders/${order.id}`, {
      headers: { authorization: `Bearer ${order.token}` },
    });
  },
  event: (c: Client, i: number) => c.request(port(i), "GET", "/admit/events/wide"),
  dbFloor: (c: Client, i: number) => c.request(port(i), "GET", "/floor/db"),
  writeFloor: (c: Client, i: number) =>
    c.request(port(i), "POST", "/floor/write", { body: { tierId: "ga" } }),
  manyTierWriteFloor: (c: Client, i: number) =>
    c.request(port(i), "POST", "/floor/write", {
      body: { tierId: `f${String(i % 50).padStart(2, "0")}` },
    }),
};
type Scenario = keyof typeof all;
// BENCH_ONLY=noop,hold runs those scenarios alone (to profile one); the table needs noop, and
// each route its floor (holds the write floor, the poll the database floor).
const only = process.env.BENCH_ONLY?.split(",");
const floorOf: Partial<Record<Scenario, Scenario>> = {
  hold: "writeFloor",
  hotHold: "writeFloor",
  manyTierHold: "manyTierWriteFloor",
  poll: "dbFloor",
};
const wanted = only && new Set(["noop", ...only, ...only.map((n) => floorOf[n as Scenario] ?? n)]);
const scenarios = Object.fromEntries(
  Object.entries(all).filter(([name]) => !wanted || wanted.has(name)),
) as typeof all;
const names = Object.keys(scenarios) as Scenario[];

log(
  `warming up: ${PROCESSES} Express processes, ${CLIENTS} clients, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const name of names) await runFor(clients, 500, scenarios[name]);

const samples = new Map(names.map((n) => [n, [] as Awaited<ReturnType<typeof runFor>>[]]));
// CPU time per request of each scenario, summed over its rounds: hosts, PostgreSQL, generator.
const cpu = await cpuAccounting(DATABASE_URL, hosts.pids);
const cpuSpent = new Map(
  names.map((n) => [n, { hostMs: 0, postgresMs: 0, generatorMs: 0, requests: 0 }]),
);
for (let round = 1; round <= ROUNDS; round++) {
  for (const name of names) {
    const before = await cpu.snapshot();
    const measured = await runFor(clients, ROUND_MS, scenarios[name]);
    const split = cpu.between(before, await cpu.snapshot());
    const total = cpuSpent.get(name)!;
    for (const part of ["hostMs", "postgresMs", "generatorMs"] as const) total[part] += split[part];
    total.requests += measured.count;
    samples.get(name)!.push(measured);
  }
  log(`round ${round}/${ROUNDS} done`);
}
await cpu.close();
const cpuPerRequest = Object.fromEntries(
  [...cpuSpent].map(([name, { requests, ...split }]) => [
    name,
    Object.fromEntries(
      Object.entries(split).map(([part, ms]) => [part, Number((ms / requests).toFixed(3))]),
    ) as unknown as CpuSplit,
  ]),
);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const med = (name: Scenario, field: "perSec" | "p50Ms" | "p99Ms") => {
  const measured = samples.get(name);
  return measured ? median(measured.map((s) => s[field])) : Number.NaN;
};

// Cost of one hold against the crowd already holding: one client, holds alternating between
// the two events request by request (so load drifts hit both alike), median latency of each.
const crowd: Record<"crowd100" | "crowd10000", number[]> = { crowd100: [], crowd10000: [] };
for (let i = 0; i < Number(process.env.BENCH_CROWD_HOLDS ?? 400); i++)
  for (const eventId of ["crowd100", "crowd10000"] as const) {
    const at = performance.now();
    const answer = await hold(clients[0]!, i, eventId);
    if (answer.status !== 201) throw new Error(`crowd hold: ${answer.status} ${answer.body}`);
    crowd[eventId].push(performance.now() - at);
  }

/** Seats held on the race event beyond its capacity, counted from the hold items. */
async function race(schema: string, store: Store, eventId = "race") {
  const answers = await runCount(clients, RACE_ATTEMPTS, (c, i) => hold(c, i, eventId));
  const [row] = await store.query<{ held: number }>(
    `select coalesce(sum(i.quantity), 0)::int as held from ${schema}.admit_hold_items i
     join ${schema}.admit_holds h on h.id = i.hold_id
     where i.event_id = $1 and h.status = 'active' and h.expires_at > now()`,
    [eventId],
  );
  return {
    oversold: Math.max(0, row!.held - RACE_CAPACITY),
    granted: answers.filter((a) => a.status === 201).length,
    failed: answers.filter((a) => a.status >= 500).length,
  };
}
const guarded = await race(main.schema, main.store);
await hosts.stop();

// The control: both guards off (no row locks in the hosts, no CHECK in its schema).
const control = await prepareSchema();
// The check and the take are microseconds apart in one statement, so a round of the control can
// get through without a collision: up to ten rounds, each on its own event, until one oversells.
const CONTROL_ROUNDS = 10;
for (let round = 0; round < CONTROL_ROUNDS; round++)
  await control.event(`race${round}`, [{ id: "ga", capacity: RACE_CAPACITY }]);
await control.store.query("alter table admit_tiers drop constraint admit_tiers_capacity");
const controlHosts = await startHosts(PROCESSES, {
  ...hostEnv,
  BENCH_SCHEMA: control.schema,
  BENCH_CONTROL: "1",
});
hosts.ports.splice(0, hosts.ports.length, ...controlHosts.ports);
let unguarded = { oversold: 0, granted: 0, failed: 0 };
let controlRounds = 0;
while (controlRounds < CONTROL_ROUNDS && unguarded.oversold === 0)
  unguarded = await race(control.schema, control.store, `race${controlRounds++}`);
await controlHosts.stop();

const noop = med("noop", "perSec");
const ratio = (name: Scenario, of: Scenario) =>
  Number((med(name, "perSec") / med(of, "perSec")).toFixed(3));
const cpuTotal = (name: Scenario) => {
  const split = cpuPerRequest[name];
  return split ? split.hostMs + split.postgresMs + split.generatorMs : Number.NaN;
};
const cpuCeiling = (name: Scenario) => Number((cpuTotal("noop") / cpuTotal(name)).toFixed(3));
const result = {
  processes: PROCESSES,
  clients: CLIENTS,
  cores: cpus().length,
  loadAverage: loadavg()[0] ?? 0,
  roundMs: ROUND_MS,
  postgres,
  holdCommit: HOLD_COMMIT,
  buyers: BUYER_PER_HOLD ? "one per hold" : "one per connection",
  rounds: ROUNDS,
  noopPerSec: Math.round(noop),
  holdsPerSec: Math.round(med("hold", "perSec")),
  holdP50Ms: Number(med("hold", "p50Ms").toFixed(1)),
  holdP99Ms: Number(med("hold", "p99Ms").toFixed(1)),
  hotHoldsPerSec: Math.round(med("hotHold", "perSec")),
  manyTierHoldsPerSec: Math.round(med("manyTierHold", "perSec")),
  pollsPerSec: Math.round(med("poll", "perSec")),
  eventPerSec: Math.round(med("event", "perSec")),
  dbFloorPerSec: Math.round(med("dbFloor", "perSec")),
  writeFloorPerSec: Math.round(med("writeFloor", "perSec")),
  manyTierWriteFloorPerSec: Math.round(med("manyTierWriteFloor", "perSec")),
  holdMsAt100Holds: Number(median(crowd.crowd100).toFixed(2)),
  holdMsAt10000Holds: Number(median(crowd.crowd10000).toFixed(2)),
  oversold: guarded.oversold,
  controlOversold: unguarded.oversold,
  controlRounds,
  attempts: RACE_ATTEMPTS,
  granted: guarded.granted,
  failedAttempts: guarded.failed,
  /** CPU milliseconds per request, by the hosts, their PostgreSQL backends and the generator. */
  cpuMsPerRequest: cpuPerRequest,
  ratios: {
    holds: Number((med("hold", "perSec") / noop).toFixed(3)),
    hotHolds: Number((med("hotHold", "perSec") / noop).toFixed(3)),
    manyTierHolds: Number((med("manyTierHold", "perSec") / noop).toFixed(3)),
    polls: Number((med("poll", "perSec") / noop).toFixed(3)),
    event: Number((med("event", "perSec") / noop).toFixed(3)),
    dbFloor: ratio("dbFloor", "noop"),
    writeFloor: ratio("writeFloor", "noop"),
    manyTierWriteFloor: ratio("manyTierWriteFloor", "noop"),
    crowd: Number((median(crowd.crowd10000) / median(crowd.crowd100)).toFixed(3)),
  },
  /** Each route's rate as a share of its floor's in the same run (1 = as fast as the floor). */
  ofFloor: {
    holds: ratio("hold", "writeFloor"),
    hotHolds: ratio("hotHold", "writeFloor"),
    manyTierHolds: ratio("manyTierHold", "manyTierWriteFloor"),
    polls: ratio("poll", "dbFloor"),
  },
  /** The no-op's CPU per request ÷ the route's: the ratio a route reaches when CPU is all that bounds it. */
  cpuCeiling: Object.fromEntries(names.map((name) => [name, cpuCeiling(name)])),
};

if (JSON_OUTPUT) console.log(JSON.stringify(result));
else {
  const target: Record<Scenario, number> = {
    hold: 0.25,
    hotHold: 0.1,
    manyTierHold: 0.25,
    poll: 0.5,
    event: 0.5,
    noop: 1,
    dbFloor: Number.NaN,
    writeFloor: Number.NaN,
    manyTierWriteFloor: Number.NaN,
  };
  log(
    `\n${PROCESSES} Express processes on one PostgreSQL, ${CLIENTS} clients (own source addresses), ${ROUNDS} interleaved rounds of ${ROUND_MS} ms, ${cpus().length} cores, load average ${result.loadAverage.toFixed(1)}; PostgreSQL ${postgres!.version}, synchronous_commit ${postgres!.synchronousCommit}, fsync ${postgres!.fsync}; holds (and the write floor) commit ${HOLD_COMMIT}; ${BUYER_PER_HOLD ? "each hold its own buyer (X-Forwarded-For)" : "one buyer per connection"}`,
  );
  log(
    `${"route".padEnd(20)}${"req/s".padStart(8)}${"p50 ms".padStart(8)}${"p99 ms".padStart(8)}${"ratio".padStart(7)}${"target".padStart(8)}${"of floor".padStart(29)}${"CPU ceiling".padStart(12)}   CPU ms per request: hosts / PostgreSQL / generator`,
  );
  for (const name of names) {
    const perSec = med(name, "perSec");
    const split = cpuPerRequest[name]!;
    const floor = floorOf[name];
    const ofFloor =
      floor && names.includes(floor) ? `${ratio(name, floor).toFixed(3)} of ${floor}` : "";
    const wants = Number.isNaN(target[name]) ? "floor" : `≥ ${target[name]}`;
    log(
      `${name.padEnd(20)}${perSec.toFixed(0).padStart(8)}${med(name, "p50Ms").toFixed(1).padStart(8)}${med(name, "p99Ms").toFixed(1).padStart(8)}${(perSec / noop).toFixed(3).padStart(7)}${wants.padStart(8)}${ofFloor.padStart(29)}${cpuCeiling(name).toFixed(3).padStart(12)}   ${[split.hostMs, split.postgresMs, split.generatorMs].map((ms) => ms.toFixed(3)).join(" / ")}`,
    );
  }
  log(
    `hold latency (median, one client) with 100 / 10,000 live holds on the tier: ${result.holdMsAt100Holds} / ${result.holdMsAt10000Holds} ms (ratio ${result.ratios.crowd}, target ≤ 1.2)`,
  );
  log(
    `oversell race, ${RACE_ATTEMPTS} attempts for ${RACE_CAPACITY} seats over ${PROCESSES} processes: oversold ${result.oversold} (granted ${result.granted}, 5xx ${result.failedAttempts}); control without locks and CHECK: oversold ${result.controlOversold} (round ${controlRounds} of up to ${CONTROL_ROUNDS})`,
  );
}

for (const c of clients) c.close();
await main.close();
await control.close();
await sandbox.close();
