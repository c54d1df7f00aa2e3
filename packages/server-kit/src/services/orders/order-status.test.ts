import { ORDER_STATUSES } from "@admit/client/contract";
import { describe, expect, test } from "vitest";
import type { Queryable } from "../../store/store.js";
import {
  isOrderTransition,
  ORDER_TRANSITIONS,
  orderPredecessors,
  setOrderStatus,
  setOrderStatuses,
} from "./order-status.js";

/** A transaction that fails the test if anything is written: an illegal move must not reach SQL. */
const untouched: Queryable = {
  query: async () => {
    throw new Error("an illegal transition reached the database");
  },
} as unknown as Queryable;

const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));
const illegal = pairs.filter(([from, to]) => !isOrderTransition(from, to));

describe("order status transitions", () => {
  test("the table names every status, and only statuses", () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const targets of Object.values(ORDER_TRANSITIONS))
      for (const to of targets) expect(ORDER_STATUSES).toContain(to);
  });

  test("refunded is final and nothing goes back to pending_payment except a failed order", () => {
    expect(ORDER_TRANSITIONS.refunded).toEqual([]);
    expect(orderPredecessors("pending_payment")).toEqual(["failed"]);
    expect(isOrderTransition("paid", "failed")).toBe(false);
  });

  test.each(illegal)("%s → %s throws and writes nothing", async (from, to) => {
    await expect(
      setOrderStatus(untouched, { id: "o1", status: from }, to, { system: "test" }, undefined, {}),
    ).rejects.toMatchObject({ code: "internal_error" });
    await expect(
      setOrderStatuses(untouched, ["o1"], [from], to, { actor: { system: "test" } }),
    ).rejects.toMatchObject({ code: "internal_error" });
  });

  test("there are illegal pairs to walk", () => {
    expect(illegal.length).toBeGreaterThan(40);
    const legal = pairs.filter(([f, t]) => isOrderTransition(f, t));
    expect(legal.length + illegal.length).toBe(ORDER_STATUSES.length ** 2);
  });
});
