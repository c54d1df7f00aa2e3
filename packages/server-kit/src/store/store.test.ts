import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, STORE_KINDS, type TestDatabase } from "../testing/test-stores.js";
import { migrate } from "./migrate.js";
import { MIGRATIONS } from "./migrations.js";

describe.each(STORE_KINDS)("store on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  test("migrate applies every migration once and is a no-op afterwards", async () => {
    expect(await migrate(db.store)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db.store)).toEqual([]);
    const rows = await db.store.query<{ version: number }>("select version from admit_migrations");
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  test("the timeline is append-only: the database refuses UPDATE and DELETE", async () => {
    await db.store.query(
      "insert into admit_timeline (id, type, actor) values ('tl_000000000001', 'test.entry', '{\"system\":\"test\"}')",
    );
    await expect(db.store.query("update admit_timeline set type = 'changed'")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.store.query("delete from admit_timeline")).rejects.toThrow(/append-only/);
    await expect(db.store.query("truncate admit_timeline")).rejects.toThrow(/append-only/);
    const rows = await db.store.query<{ type: string }>("select type from admit_timeline");
    expect(rows).toEqual([{ type: "test.entry" }]);
    // Control: an ordinary table of the same schema accepts both, so the refusal is the trigger's.
    await db.store.query("update admit_migrations set name = name");
  });

  test("a transaction that throws leaves nothing behind", async () => {
    await expect(
      db.store.transaction(async (tx) => {
        await tx.query(
          "insert into admit_timeline (id, type, actor) values ('tl_000000000002', 'x', '{}')",
        );
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(
      await db.store.query("select 1 from admit_timeline where id = 'tl_000000000002'"),
    ).toEqual([]);
  });
});

describe("migrations on real PostgreSQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
  });
  afterAll(() => db?.drop());

  test("several processes starting at once migrate exactly once (advisory lock)", async () => {
    const stores = Array.from({ length: 5 }, () => db.connect({ max: 1 }));
    const applied = await Promise.all(stores.map((s) => migrate(s)));
    expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
  });
});
