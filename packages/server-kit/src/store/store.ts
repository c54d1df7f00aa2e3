/** Something that runs SQL: the store itself or one transaction of it. */
export interface Queryable {
  /** Run one statement with `$1…` parameters and answer its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Run a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * Where the kit keeps its state: PostgreSQL, embedded (PGlite) or a server (`pg`).
 * Both speak the same SQL; the kit never branches on which one it has.
 *
 * @example
 * const store = process.env.DATABASE_URL
 *   ? createPostgresStore({ connectionString: process.env.DATABASE_URL })
 *   : createPgliteStore({ dataDir: ".admit-data" });
 */
export interface Store extends Queryable {
  /**
   * Run `work` in one transaction (READ COMMITTED) with a lock timeout, so a blocked request
   * fails fast with `busy` instead of hanging. Commits when `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A key that scopes the migration advisory lock (the schema name, for example). */
  readonly lockScope: string;
  /**
   * The lock timeout of {@link Store.transaction}, in ms, for work that is one statement of its
   * own transaction (a hold in one round trip sets it itself); absent where nothing else can
   * hold a lock (PGlite: one connection).
   */
  readonly lockTimeoutMs?: number;
  close(): Promise<void>;
}
