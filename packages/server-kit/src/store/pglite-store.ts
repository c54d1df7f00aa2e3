import { PGlite, types } from "@electric-sql/pglite";
import pg from "pg";
import type { Queryable, Store } from "./store.js";

// PGlite reads a timestamptz with JS's legacy date parsing, which turns the years 0001-0099
// into 1901-1999 and 2000-2099 ("0099-12-31 23:59:59+00" came back as 1999). `pg`'s parser
// reads them right, so both stores answer the same instant for every time the contract accepts
// (found by the storage-edge property test).
const parsers = { [types.TIMESTAMPTZ]: pg.types.getTypeParser(types.TIMESTAMPTZ) };

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
  // One options object: with an undefined dataDir, PGlite would take it for the options.
  const db = new PGlite({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), parsers });
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
