import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TEST_DATABASE_URL } from "../testing/test-stores.js";
import { createPostgresStore } from "./postgres-store.js";
import type { Store } from "./store.js";

describe("createPostgresStore({ preparedStatements: true }) (real PostgreSQL)", () => {
  const schema = `admit_prepared_${randomBytes(4).toString("hex")}`;
  let store: Store;
  // Whether a statement ran as a named prepared statement: PostgreSQL lists those per session.
  const preparedCount = async (q: Store) =>
    Number(
      (
        await q.transaction((tx) =>
          tx.query<{ n: number }>(
            "select count(*)::int as n from pg_prepared_statements where name like 'admit_%'",
          ),
        )
      )[0]!.n,
    );
  beforeAll(async () => {
    store = createPostgresStore({
      connectionString: TEST_DATABASE_URL,
      schema,
      max: 1,
      preparedStatements: true,
    });
    await store.exec("create table things (id int primary key, name text not null)");
    await store.query("insert into things values ($1, $2)", [1, "one"]);
  });
  afterAll(async () => {
    await store?.close();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  test("statements are prepared once per connection and answer as unprepared ones do", async () => {
    for (let i = 0; i < 3; i++)
      expect(await store.query("select * from things where id = $1", [1])).toEqual([
        { id: 1, name: "one" },
      ]);
    // The insert, the select, and the count itself: each prepared once on the one connection.
    expect(await preparedCount(store)).toBe(3);
  });

  test("a migration that changes a statement's result columns: prepared again, retried outside a transaction", async () => {
    const select = "select * from things where id = $1";
    await store.query(select, [1]);
    await store.exec("alter table things add column seats int not null default 2");
    expect(await store.query(select, [1])).toEqual([{ id: 1, name: "one", seats: 2 }]);
    await store.exec("alter table things add column note text");
    // Inside a transaction the error aborts it once; the next transaction has the new statement.
    await expect(store.transaction((tx) => tx.query(select, [1]))).rejects.toThrow(/cached plan/);
    expect(await store.transaction((tx) => tx.query(select, [1]))).toEqual([
      { id: 1, name: "one", seats: 2, note: null },
    ]);
  });
});
