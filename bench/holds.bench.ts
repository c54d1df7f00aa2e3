/**
 * `npm run bench`: throughput of `POST /holds` on the stores the kit supports, and what the
 * oversell protection (tier row locks) costs. Figures are ratios measured in one run, with the
 * variants interleaved round by round, because absolute numbers on a shared machine are noise.
 */
import { randomBytes } from "node:crypto";
import { type Admit, createAdmit, createPgliteStore, createPostgresStore } from "@admit/server-kit";
import { sandboxProvider } from "@admit/server-kit/sandbox";
import pg from "pg";

const DATABASE_URL =
  process.env.ADMIT_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const HOLDS_PER_ROUND = Number(process.env.BENCH_HOLDS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ADMIN = { id: "bench", name: "Benchmark" };

interface Variant {
  name: string;
  admit: Admit;
  cleanup: () => Promise<void>;
}

function kit(store: ReturnType<typeof createPgliteStore>, unsafeDisableCapacityLock = false) {
  return createAdmit({
    store,
    // Holds never call the provider; it only has to exist.
    providers: [
      sandboxProvider({
        url: "http://127.0.0.1:9/",
        apiKey: "bench",
        webhookSecret: "whsec_YmVuY2hiZW5jaGJlbmNoYmVuY2g=",
      }),
    ],
    authorize: () => ADMIN,
    rateLimit: { holdsPerMinute: 1_000_000, requestsPerMinute: 1_000_000 },
    maxHeldSeatsPerClient: 1_000_000,
    onError: (error) => console.error(error),
    unsafeDisableCapacityLock,
  });
}

async function postgresVariant(name: string, unlocked: boolean): Promise<Variant> {
  const schema = `admit_bench_${randomBytes(5).toString("hex")}`;
  const store = createPostgresStore({ connectionString: DATABASE_URL, schema, max: CONCURRENCY });
  return {
    name,
    admit: kit(store, unlocked),
    async cleanup() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

async function call(admit: Admit, method: string, path: string, body: unknown, ip: string) {
  const response = await admit.handle(
    new Request(`http://bench.local/admit${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        "idempotency-key": randomBytes(12).toString("hex"),
      },
      body: JSON.stringify(body),
    }),
    { clientIp: ip, basePath: "/admit" },
  );
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

async function seed(admit: Admit) {
  await call(
    admit,
    "PUT",
    "/admin/events/bench",
    {
      name: "Benchmark night",
      startsAt: "2030-01-01T19:00:00Z",
      currency: "EUR",
      tiers: [
        {
          id: "ga",
          name: "Standing",
          price: { amount: 2500, currency: "EUR" },
          capacity: 1_000_000,
        },
      ],
    },
    "admin",
  );
}

/** Holds per second for one round of HOLDS_PER_ROUND holds at CONCURRENCY in flight. */
async function round(admit: Admit, offset: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < HOLDS_PER_ROUND) {
      const i = next++;
      await call(
        admit,
        "POST",
        "/holds",
        { eventId: "bench", items: [{ tierId: "ga", quantity: 1 }] },
        `10.0.${(offset + i) % 250}.${i % 250}`,
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return HOLDS_PER_ROUND / ((performance.now() - started) / 1000);
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const variants: Variant[] = [
  await postgresVariant("PostgreSQL, tier row locks (default)", false),
  await postgresVariant("PostgreSQL, locks off (unsafe control)", true),
  {
    name: "PGlite, embedded (default store)",
    admit: kit(createPgliteStore()),
    cleanup: async () => {},
  },
];
for (const v of variants) await seed(v.admit);
for (const v of variants) await round(v.admit, 0); // warm-up: migrations, JIT, pools

const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let r = 1; r <= ROUNDS; r++)
  for (const v of variants) samples.get(v.name)!.push(await round(v.admit, r * 7));

const baseline = median(samples.get(variants[0]!.name)!);
console.log(
  `\nPOST /holds, ${HOLDS_PER_ROUND} holds x ${ROUNDS} rounds, ${CONCURRENCY} in flight, one hot tier`,
);
console.log(
  `${"variant".padEnd(42)} ${"holds/s (median)".padStart(17)} ${"ratio to default".padStart(17)}`,
);
for (const v of variants) {
  const m = median(samples.get(v.name)!);
  console.log(
    `${v.name.padEnd(42)} ${m.toFixed(0).padStart(17)} ${(m / baseline).toFixed(2).padStart(17)}`,
  );
}
for (const v of variants) {
  await v.admit.close();
  await v.cleanup();
}
