import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
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
 * `@electric-sql/pglite` is an optional peer dependency (27 MB, unused by hosts on a PostgreSQL
 * server), so it is imported only when a PGlite store runs its first statement.
 */
async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  let module: typeof import("@electric-sql/pglite");
  try {
    module = await import("@electric-sql/pglite");
  } catch (cause) {
    throw new Error(
      "@admit/server-kit: Failed to load @electric-sql/pglite, which the embedded store " +
        "(createPgliteStore, and createAdmit without a store) needs. Make sure to install it: " +
        "npm install @electric-sql/pglite. Or pass store: createPostgresStore({ connectionString }).",
      { cause },
    );
  }
  // PGlite reads a timestamptz with JS's legacy date parsing, which turns the years 0001-0099
  // into 1901-1999 and 2000-2099 ("0099-12-31 23:59:59+00" came back as 1999). `pg`'s parser
  // reads them right, so both stores answer the same instant for every time the contract accepts
  // (found by the storage-edge property test).
  const parsers = {
    [module.types.TIMESTAMPTZ]: pg.types.getTypeParser(module.types.TIMESTAMPTZ),
  };
  // One options object: with an undefined dataDir, PGlite would take it for the options.
  return new module.PGlite({ ...(dataDir ? { dataDir } : {}), parsers });
}

/**
 * An embedded PostgreSQL (PGlite, WebAssembly) store: no server to run, one process only.
 * PGlite has a single connection, so transactions run one after another; use
 * {@link createPostgresStore} when several processes share the data.
 *
 * Needs the optional peer dependency `@electric-sql/pglite` (`npm install @electric-sql/pglite`),
 * loaded on the first statement; without it that statement fails with a message saying so.
 *
 * @example
 * const admit = createAdmit({ store: createPgliteStore({ dataDir: ".admit-data" }), providers });
 */
export function createPgliteStore(options: PgliteStoreOptions = {}): Store {
  let opened: Promise<PGlite> | undefined;
  const database = () => {
    opened ??= openPglite(options.dataDir).catch((error: unknown) => {
      opened = undefined; // installed meanwhile, or a passing failure: try again next time
      throw error;
    });
    return opened;
  };
  const run = async <Row>(q: Pick<PGlite, "query">, sql: string, params?: unknown[]) =>
    (await q.query<Row>(sql, params)).rows;
  return {
    lockScope: "pglite",
    query: async (sql, params) => run(await database(), sql, params),
    exec: async (sql) => {
      await (await database()).exec(sql);
    },
    transaction: async (work) =>
      (await database()).transaction((tx) => {
        const queryable: Queryable = {
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return work(queryable);
      }),
    // Closing twice is a no-op: the kit and its host may both close the store. A store that
    // never ran a statement has nothing open (and does not load PGlite to close it).
    close: async () => {
      if (!opened) return;
      const db = await opened.catch(() => undefined);
      if (db && !db.closed) await db.close();
    },
  };
}
