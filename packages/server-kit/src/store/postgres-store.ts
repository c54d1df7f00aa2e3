import { createHash } from "node:crypto";
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
  /**
   * Run each distinct statement as a named prepared statement of its connection, so PostgreSQL
   * parses and plans it once per connection instead of on every call. The kit's statements are
   * planned in about as long as they run, so this saves most of the database's CPU per request
   * (measured in the server-kit README's on-sale figures). A statement whose result columns a
   * migration changed (PostgreSQL's "cached plan must not change result type") is prepared again
   * under a new name; outside a transaction it is retried at once, inside one it fails once.
   * @default false
   */
  preparedStatements?: boolean;
}

// Past this many distinct statements, further ones run unnamed (a bound on what each connection keeps).
const MAX_PREPARED = 1_000;
// PostgreSQL's feature_not_supported, raised for a prepared statement whose result type changed.
const PLAN_CHANGED = "0A000";

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
  // Statement names by SQL text; the generation renames them all after a result type changed.
  const names = new Map<string, string>();
  let generation = 0;
  const named = (sql: string): string | undefined => {
    if (!options.preparedStatements) return undefined;
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `admit_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
      names.set(sql, name);
    }
    return name && `${name}_${generation}`;
  };
  const run = async <Row>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
    retried = false,
  ): Promise<Row[]> => {
    const name = named(sql);
    if (name === undefined) return (await client.query(sql, params as unknown[])).rows as Row[];
    try {
      return (await client.query({ name, text: sql, values: params ?? [] })).rows as Row[];
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      if (code !== PLAN_CHANGED || !message?.includes("cached plan")) throw error;
      if (name.endsWith(`_${generation}`)) generation++;
      // Inside a transaction the error has aborted it: the next attempt uses the new name.
      if (client !== pool || retried) throw error;
      return run(client, sql, params, true);
    }
  };
  return {
    lockScope: `pg:${schema}`,
    lockTimeoutMs,
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
