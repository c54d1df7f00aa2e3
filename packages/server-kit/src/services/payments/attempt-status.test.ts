import { PAYMENT_ATTEMPT_STATUSES } from "@admit/client/contract";
import { describe, expect, test } from "vitest";
import type { Queryable } from "../../store/store.js";
import {
  ATTEMPT_TRANSITIONS,
  CAPTURED,
  isAttemptTransition,
  refundedAttemptStatus,
  setAttemptStatus,
} from "./attempt-status.js";

/** A transaction that fails the test if anything is written: an illegal move must not reach SQL. */
const untouched = {
  query: async () => {
    throw new Error("an illegal transition reached the database");
  },
} as unknown as Queryable;

const attempt = (status: (typeof PAYMENT_ATTEMPT_STATUSES)[number]) => ({
  id: "payment_1",
  order_id: "order_1",
  status,
  provider_reference: null,
});

const pairs = PAYMENT_ATTEMPT_STATUSES.flatMap((from) =>
  PAYMENT_ATTEMPT_STATUSES.map((to) => [from, to] as const),
);
/** Staying where it is is no move: it writes nothing, and is not in the table. */
const illegal = pairs.filter(([from, to]) => from !== to && !isAttemptTransition(from, to));

describe("payment attempt status transitions", () => {
  test("the table names every status, and only statuses", () => {
    expect(Object.keys(ATTEMPT_TRANSITIONS).sort()).toEqual([...PAYMENT_ATTEMPT_STATUSES].sort());
    for (const targets of Object.values(ATTEMPT_TRANSITIONS))
      for (const to of targets) expect(PAYMENT_ATTEMPT_STATUSES).toContain(to);
    for (const status of PAYMENT_ATTEMPT_STATUSES)
      expect(isAttemptTransition(status, status)).toBe(false);
  });

  test("money taken is undone only by a refund, and refunds only move forward", () => {
    for (const from of CAPTURED)
      for (const to of ATTEMPT_TRANSITIONS[from])
        expect(["partially_refunded", "refunded"]).toContain(to);
    expect(ATTEMPT_TRANSITIONS.refunded).toEqual([]);
    expect(isAttemptTransition("refunded", "partially_refunded")).toBe(false);
    expect(isAttemptTransition("captured", "failed")).toBe(false);
    // A late payment after the kit expired the attempt is still recorded.
    expect(isAttemptTransition("expired", "captured")).toBe(true);
  });

  test.each(illegal)("%s → %s throws and writes nothing", async (from, to) => {
    await expect(
      setAttemptStatus(untouched, attempt(from), to, { system: "test" }),
    ).rejects.toMatchObject({ code: "internal_error" });
  });

  test.each(PAYMENT_ATTEMPT_STATUSES)("%s → %s again writes nothing", async (status) => {
    await expect(
      setAttemptStatus(untouched, attempt(status), status, { system: "test" }),
    ).resolves.toBeUndefined();
  });

  test("there are illegal pairs to walk", () => {
    expect(illegal.length).toBeGreaterThan(20);
    const legal = pairs.filter(([f, t]) => isAttemptTransition(f, t));
    expect(legal.length + illegal.length + PAYMENT_ATTEMPT_STATUSES.length).toBe(
      PAYMENT_ATTEMPT_STATUSES.length ** 2,
    );
  });

  test("a refunded attempt's status follows the sum, and never goes back", () => {
    expect(refundedAttemptStatus("captured", 1000, 9000)).toBe("partially_refunded");
    expect(refundedAttemptStatus("captured", 9000, 9000)).toBe("refunded");
    expect(refundedAttemptStatus("partially_refunded", 9000, 9000)).toBe("refunded");
    // The provider reported the full refund before the kit recorded a concurrent part of it.
    expect(refundedAttemptStatus("refunded", 4500, 9000)).toBe("refunded");
  });
});
