import { WAITLIST_ENTRY_STATUSES } from "@admit/client/contract";
import { describe, expect, test } from "vitest";
import {
  isWaitlistTransition,
  WAITLIST_TRANSITIONS,
  waitlistMayBecome,
} from "./waitlist-status.js";

const pairs = WAITLIST_ENTRY_STATUSES.flatMap((from) =>
  WAITLIST_ENTRY_STATUSES.map((to) => [from, to] as const),
);
const illegal = pairs.filter(([from, to]) => !isWaitlistTransition(from, to));

describe("waitlist entry transitions", () => {
  test("the table names every status; claimed is final and nothing goes back to waiting", () => {
    expect(Object.keys(WAITLIST_TRANSITIONS).sort()).toEqual([...WAITLIST_ENTRY_STATUSES].sort());
    expect(WAITLIST_TRANSITIONS.claimed).toEqual([]);
    expect(waitlistMayBecome("claimed", { alias: "w." })).toBe("w.status in ('offered', 'lapsed')");
  });

  test.each(illegal)("%s → %s is refused before any SQL is written", (from, to) => {
    expect(() => waitlistMayBecome(to, { from: [from] })).toThrow(
      /Failed to move a waitlist entry/,
    );
  });
});
