import { randomBytes } from "node:crypto";
import {
  type AdmitAdminClient,
  type AdmitClient,
  createAdmitAdminClient,
  createAdmitClient,
  type TierInput,
} from "@admit/client";
import { createPostgresStore } from "@admit/server-kit";
import { createDemo, type Demo, type DemoOptions } from "../../../demo/create-demo.js";

/** Every e2e suite runs on both frameworks the kit has adapters for. */
export const FRAMEWORKS = ["express", "fastify"] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export type Database = "pglite" | "postgres";

/**
 * The default matrix of a suite: each framework once, each on one of the two stores. PGlite
 * (what `npm start` uses) boots a WebAssembly PostgreSQL for seconds per demo, so pairing
 * keeps the suite fast while every file still runs on both stores and both frameworks.
 */
export const E2E_RUNS: ReadonlyArray<{ framework: Framework; database: Database }> = [
  { framework: "express", database: "pglite" },
  { framework: "fastify", database: "postgres" },
];

/** The PostgreSQL server of the CI machine (`.ci/run` starts it). */
export const POSTGRES_URL =
  process.env.ADMIT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A demo started for one test file, with typed API clients. */
export interface E2eDemo extends Demo {
  /** The admin routes, authorized with the demo's token. */
  adminApi: AdmitAdminClient;
  /** The public routes, as the widget calls them. */
  publicApi: AdmitClient;
  /** `/?event=<id>` plus extra query parameters. */
  pageUrl(eventId: string, params?: Record<string, string>): string;
}

/**
 * Starts a fresh demo on a free port: in-memory PGlite, or its own schema on the PostgreSQL
 * server (dropped again by `close()`).
 *
 * @example
 * const demo = await startE2eDemo({ framework: "fastify", database: "postgres" });
 */
export async function startE2eDemo(
  options: { framework: Framework; database?: Database } & Omit<
    DemoOptions,
    "port" | "framework" | "databaseUrl" | "databaseSchema"
  >,
): Promise<E2eDemo> {
  const { database = "pglite", ...rest } = options;
  const schema = database === "postgres" ? `e2e_${randomBytes(6).toString("hex")}` : undefined;
  const demo = await createDemo({
    ...rest,
    port: 0,
    ...(schema ? { databaseUrl: POSTGRES_URL, databaseSchema: schema } : {}),
  });
  const baseUrl = `${demo.url}/admit`;
  return {
    ...demo,
    adminApi: createAdmitAdminClient({ baseUrl, token: demo.adminToken }),
    publicApi: createAdmitClient({ baseUrl }),
    pageUrl(eventId, params = {}) {
      return `${demo.url}/?${new URLSearchParams({ event: eventId, ...params })}`;
    },
    async close() {
      await demo.close();
      if (schema) {
        const store = createPostgresStore({ connectionString: POSTGRES_URL });
        try {
          await store.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await store.close();
        }
      }
    },
  };
}

/**
 * Creates an event for one scenario through the admin API: on sale, in EUR, starting in a month.
 *
 * @example
 * await putE2eEvent(demo, "last-seat", [{ id: "solo", name: "Solo seat", price: eur(4000), capacity: 1 }]);
 */
export async function putE2eEvent(
  demo: E2eDemo,
  eventId: string,
  tiers: TierInput[],
): Promise<void> {
  await demo.adminApi.putEvent(eventId, {
    name: `E2E ${eventId}`,
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    currency: "EUR",
    tiers,
  });
}

/** Euros in minor units. */
export function eur(cents: number): { amount: number; currency: "EUR" } {
  return { amount: cents, currency: "EUR" };
}
