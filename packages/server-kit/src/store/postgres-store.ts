import pg from "pg";
import type { Queryable, Store } from "./store.js";

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** For example `postgres://user:pass@db.example.com:5432/tickets`. */
  connectionString: string;
  /**
   * Pool size of this process.
   * @default 10
   */
  max?: number;
  /**
   * Schema that holds the kit's tables (created if missing). Lets several kits or test files
   * share one database without seeing each other.
   * @default "public"
   */
  schema?: string;
  /**
   * How long a statement waits for a row lock before the request answers 503 `busy`.
   * @default 5_000
   */
  lockTimeoutMs?: number;
}

// bigint columns (money, counts) come back as JS numbers, as they do from PGlite; amounts are
// bounded by Number.MAX_SAFE_INTEGER in the contract.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A PostgreSQL server store through a `pg` pool. Several processes may share one database:
 * holds and confirmations lock the rows they change.
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const schema = options.schema ?? "public";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new TypeError(`invalid schema name: ${schema}`);
  const lockTimeoutMs = Math.max(1, Math.floor(options.lockTimeoutMs ?? 5_000));
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    options: `-c search_path=${schema}`,
  });
  // A dropped idle connection must not crash the host process; the next query reconnects.
  pool.on("error", () => {});
  let schemaReady: Promise<void> | undefined;
  const ensureSchema = () => {
    schemaReady ??= pool.query(`create schema if not exists ${schema}`).then(
      () => undefined,
      (error: { code?: string }) => {
        // Another process created the schema at the same instant: that is what we wanted.
        if (error.code === "23505" || error.code === "42P06") return;
        schemaReady = undefined;
        throw error;
      },
    );
    return schemaReady;
  };
  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await client.query(sql, params as unknown[])).rows as Row[];
  return {
    lockScope: `pg:${schema}`,
    async query(sql, params) {
      await ensureSchema();
      return run(pool, sql, params);
    },
    async exec(sql) {
      await ensureSchema();
      await pool.query(sql);
    },
    async transaction(work) {
      await ensureSchema();
      const client = await pool.connect();
      try {
        // One round trip for both: every transaction pays it, the hold path included.
        await client.query(`begin; set local lock_timeout = ${lockTimeoutMs}`);
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await work(tx);
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    // Closing twice is a no-op: the kit and its host may both close the store.
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
