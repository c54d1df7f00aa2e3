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

describe("rateLimit.store: per-client limits shared by processes (real PostgreSQL)", () => {
  let db: TestDatabase;
  const pools: pg.Pool[] = [];
  const kits: Admit[] = [];
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    await db.store.query("select 1"); // creates the schema the limiter's table goes in
  });
  afterAll(async () => {
    await Promise.all(kits.map((k) => k.close()));
    await Promise.all(pools.map((p) => p.end()));
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

  test("control: in memory (the default), each process counts on its own and lets the client through twice", async () => {
    const pair = await twoProcesses(() => ({ type: "memory" }));
    const answers = await statuses(pair, "192.0.2.72");
    expect(answers.filter((s) => s === 200)).toHaveLength(2 * LIMIT);
  });
});
