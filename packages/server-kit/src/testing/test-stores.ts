import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPgliteStore } from "../store/pglite-store.js";
import { createPostgresStore } from "../store/postgres-store.js";
import type { Store } from "../store/store.js";

/** The real PostgreSQL server of CI and of this machine; override with ADMIT_TEST_DATABASE_URL. */
export const TEST_DATABASE_URL =
  process.env.ADMIT_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export const STORE_KINDS = ["pglite", "postgres"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A fresh, empty database for one test: in-memory PGlite, or a schema of its own on PostgreSQL. */
export interface TestDatabase {
  kind: StoreKind;
  /** The first store (the one the kit uses). */
  store: Store;
  /** The PostgreSQL schema of this database (undefined on PGlite), for child processes. */
  schema?: string;
  /** Another store on the same data: a separate pool, as another process would have (PostgreSQL only). */
  connect(options?: { max?: number; lockTimeoutMs?: number }): Store;
  /** Close every store and drop the schema. */
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: StoreKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const store = createPgliteStore();
    return {
      kind,
      store,
      connect: () => {
        throw new Error("PGlite is one process: there is no second connection");
      },
      drop: () => store.close(),
    };
  }
  const schema = `admit_test_${randomBytes(6).toString("hex")}`;
  const stores: Store[] = [];
  const connect = (options: { max?: number; lockTimeoutMs?: number } = {}) => {
    const store = createPostgresStore({
      connectionString: TEST_DATABASE_URL,
      schema,
      max: options.max ?? 5,
      ...(options.lockTimeoutMs ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    });
    stores.push(store);
    return store;
  };
  return {
    kind,
    store: connect(),
    schema,
    connect,
    async drop() {
      await Promise.allSettled(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}
