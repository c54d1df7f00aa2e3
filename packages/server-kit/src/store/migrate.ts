import { MIGRATIONS, type Migration } from "./migrations.js";
import type { Store } from "./store.js";

/**
 * Bring the store's schema up to date: applies every migration not yet recorded in
 * `admit_migrations`, in one transaction. Safe when several processes start at once: a
 * transaction-scoped advisory lock makes the others wait, then find nothing left to do.
 * `createAdmit` runs it on first use; call it yourself to migrate at deploy time.
 *
 * @example
 * await migrate(createPostgresStore({ connectionString: process.env.DATABASE_URL! }));
 */
export async function migrate(
  store: Store,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return store.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext($1))", [
      `admit-migrate:${store.lockScope}`,
    ]);
    await tx.exec(`create table if not exists admit_migrations (
      version int primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const rows = await tx.query<{ version: number }>("select version from admit_migrations");
    const applied = new Set(rows.map((r) => r.version));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query("insert into admit_migrations (version, name) values ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
