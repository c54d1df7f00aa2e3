import { HOLD_STATUSES } from "@admit/client/contract";
import { describe, expect, test } from "vitest";
import type { Queryable } from "../../store/store.js";
import { HOLD_TRANSITIONS, holdMayBecome, isHoldTransition, setHoldStatus } from "./hold-status.js";

/** A transaction that fails the test if anything is written: an illegal move must not reach SQL. */
const untouched = {
  query: async () => {
    throw new Error("an illegal transition reached the database");
  },
} as unknown as Queryable;

const pairs = HOLD_STATUSES.flatMap((from) => HOLD_STATUSES.map((to) => [from, to] as const));
const illegal = pairs.filter(([from, to]) => !isHoldTransition(from, to));

describe("hold status transitions", () => {
  test("the table names every status; only an active hold moves, and no move goes back", () => {
    expect(Object.keys(HOLD_TRANSITIONS).sort()).toEqual([...HOLD_STATUSES].sort());
    expect(pairs.filter(([f, t]) => isHoldTransition(f, t))).toEqual([
      ["active", "converted"],
      ["active", "released"],
      ["active", "expired"],
    ]);
    expect(holdMayBecome("expired")).toBe("status in ('active')");
  });

  test.each(illegal)("%s → %s throws and writes nothing", async (from, to) => {
    await expect(setHoldStatus(untouched, { id: "h1", status: from }, to)).rejects.toMatchObject({
      code: "internal_error",
    });
  });
});
