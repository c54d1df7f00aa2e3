import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RateLimitStore } from "../admit-options.js";
import { type Admit, createAdmit } from "../create-admit.js";
import type { PaymentProvider } from "../providers/payment-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import {
  createTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from "../testing/test-stores.js";

const noProvider = { name: "none", captureMode: "automatic" } as PaymentProvider;
const LIMIT = 5;
const REDIS_URL = process.env.ADMIT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("rateLimit.store: per-client limits shared by processes (real PostgreSQL and Redis)", () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  const kits: Admit[] = [];
  const redisClients: Redis[] = [];
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    await db.store.query("select 1"); // creates the schema the limiter's table goes in
  });
  afterAll(async () => {
    await Promise.all(kits.map((k) => k.close()));
    await Promise.all(pools.map((p) => p.end()));
    await Promise.all(redisClients.map((r) => r.quit()));
    await db?.drop();
  });

  /** Two kits with separate pools (as two processes), each with its own limiter on `store()`. */
  async function twoProcesses(store: () => RateLimitStore): Promise<Admit[]> {
    const pair = [0, 1].map(() =>
      createAdmit({
        store: db.connect(),
        providers: [noProvider],
        authorize: testAuthorize,
        rateLimit: { holdsPerMinute: 1000, requestsPerMinute: LIMIT, store: store() },
      }),
    );
    kits.push(...pair);
    await Promise.all(pair.map((k) => k.migrate()));
    return pair;
  }

  /** `2 * LIMIT` event views from one client, alternating between the kits. */
  async function statuses(pair: Admit[], ip: string): Promise<number[]> {
    await createEventDirect(pair[0]!, "limited", { capacity: 5 });
    const answers: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++)
      answers.push((await kitRequest(pair[i % 2]!, "GET", "/events/limited", { ip })).status);
    return answers;
  }

  test("with a PostgreSQL store, two processes together let one client through LIMIT times, not twice that", async () => {
    const pair = await twoProcesses(() => {
      const pool = new pg.Pool({
        connectionString: TEST_DATABASE_URL,
        options: `-c search_path=${db.schema}`,
        max: 2,
      });
      pools.push(pool);
      return { type: "postgres", pool, schemaName: db.schema! };
    });
    const answers = await statuses(pair, "192.0.2.70");
    expect(answers.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(answers.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
    // Another client has its own budget, on both processes.
    expect(
      (await kitRequest(pair[1]!, "GET", "/events/limited", { ip: "192.0.2.71" })).status,
    ).toBe(200);
  });

  /** A Redis client of its own (each process has one), on logical database `db`. */
  function redisStore(db: number): RateLimitStore {
    const client = new Redis(`${REDIS_URL}/${db}`, { maxRetriesPerRequest: 1 });
    redisClients.push(client);
    return { type: "redis", client };
  }
  // Keys live in the shared Redis for a minute: a client address of its own for every run.
  const freshIp = () => `198.18.${randomBytes(2).join(".")}`;

  test("with a Redis store, two processes together let one client through LIMIT times, not twice that", async () => {
    const ip = freshIp();
    const pair = await twoProcesses(() => redisStore(0));
    const answers = await statuses(pair, ip);
    expect(answers.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(answers.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
    const counted = await redisClients[0]!.get(`admit:request:${ip}`);
    expect(Number(counted)).toBe(2 * LIMIT);
    expect((await kitRequest(pair[0]!, "GET", "/events/limited", { ip: `${ip}.1` })).status).toBe(
      200,
    );
  });

  test("control: two processes on different Redis databases count apart and let the client through twice", async () => {
    let db = 0;
    const pair = await twoProcesses(() => redisStore(++db));
    const answers = await statuses(pair, freshIp());
    expect(answers.filter((s) => s === 200)).toHaveLength(2 * LIMIT);
  });

  test("control: in memory (the default), each process counts on its own and lets the client through twice", async () => {
    const pair = await twoProcesses(() => ({ type: "memory" }));
    const answers = await statuses(pair, "192.0.2.72");
    expect(answers.filter((s) => s === 200)).toHaveLength(2 * LIMIT);
  });
});
