import { PGlite } from "@electric-sql/pglite";
import type { Queryable, Store } from "./store.js";

/** Options of {@link createPgliteStore}. */
export interface PgliteStoreOptions {
  /**
   * Directory of the embedded database; created on first use.
   * @default undefined (in memory: everything is lost when the process ends)
   */
  dataDir?: string;
}

/**
 * An embedded PostgreSQL (PGlite, WebAssembly) store: no server to run, one process only.
 * PGlite has a single connection, so transactions run one after another; use
 * {@link createPostgresStore} when several processes share the data.
 *
 * @example
 * const admit = createAdmit({ store: createPgliteStore({ dataDir: ".admit-data" }), providers });
 */
export function createPgliteStore(options: PgliteStoreOptions = {}): Store {
  const db = new PGlite(options.dataDir);
  const run = async <Row>(q: Pick<PGlite, "query">, sql: string, params?: unknown[]) =>
    (await q.query<Row>(sql, params)).rows;
  return {
    lockScope: "pglite",
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (work) =>
      db.transaction((tx) => {
        const queryable: Queryable = {
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return work(queryable);
      }),
    // Closing twice is a no-op: the kit and its host may both close the store.
    close: async () => {
      if (!db.closed) await db.close();
    },
  };
}
