import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, STORE_KINDS, type TestDatabase } from "../testing/test-stores.js";
import { isAdmitError } from "./admit-error.js";
import { fromDatabaseError } from "./database-error.js";

/** The error the real database raises for `sql`, mapped as the kit maps it. */
async function mapped(db: TestDatabase, sql: string, params: unknown[]) {
  const caught = await db.store.query(sql, params).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught, "the database refuses the value").toBeDefined();
  return { raw: caught as { code?: string }, error: fromDatabaseError(caught) };
}

// The net behind the contract: a value it missed that the database refuses is the caller's
// input (422), not the server's failure (500). Errors come from the real databases.
describe.each(STORE_KINDS)("database errors on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  test.each([
    ["U+0000 in text", "select $1::text as v", ["a\u0000b"]],
    ["the year 0000", "select $1::timestamptz as v", ["0000-01-01T00:00:00Z"]],
    ["hour 25", "select $1::timestamptz as v", ["2026-01-01T25:00:00Z"]],
    ["a number beyond bigint", "select $1::bigint as v", ["99999999999999999999"]],
    ["U+0000 in jsonb", "select $1::jsonb as v", [JSON.stringify({ name: "a\u0000b" })]],
  ])("%s (a data exception) answers 422 invalid_request", async (_what, sql, params) => {
    const { raw, error } = await mapped(db, sql, params);
    expect(raw.code).toMatch(/^22/);
    expect(isAdmitError(error)).toBe(true);
    expect(error).toMatchObject({ code: "invalid_request", status: 422 });
    // The database's own message may quote SQL or the value; the answer never carries it.
    expect(JSON.stringify((error as { extra: unknown }).extra)).not.toMatch(/select|syntax|0000/i);
  });

  test("any other database error stays an internal error", async () => {
    const { raw, error } = await mapped(db, "select * from no_such_table", []);
    expect(raw.code).toBe("42P01");
    expect(error).toBe(raw);
  });
});
