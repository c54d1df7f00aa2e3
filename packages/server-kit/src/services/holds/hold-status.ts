import type { HoldStatus } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";

// Every write of `admit_holds.status` after the insert goes through here. From
// `shared/design/lifecycle.md`: a hold is active until it becomes an order, is released or expires.

/** Every legal move of a hold's status: `from` → the statuses it may become. */
export const HOLD_TRANSITIONS: Readonly<Record<HoldStatus, readonly HoldStatus[]>> = {
  active: ["converted", "released", "expired"],
  converted: [],
  released: [],
  expired: [],
};

/** Whether a hold may move from `from` to `to`. */
export function isHoldTransition(from: HoldStatus, to: HoldStatus): boolean {
  return HOLD_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Throws an internal error unless `from` → `to` is in {@link HOLD_TRANSITIONS}. */
export function assertHoldTransition(from: HoldStatus, to: HoldStatus): void {
  if (!isHoldTransition(from, to))
    throw new AdmitError(
      "internal_error",
      `@admit/server-kit: Failed to move a hold from ${from} to ${to}: not a transition of the hold lifecycle. Make sure to move it only along HOLD_TRANSITIONS.`,
    );
}

/**
 * The SQL condition (on `status`) that a set-based update to `to` must keep: the statuses the
 * table lets reach `to`. Quoted literals of the table only, never input.
 */
export function holdMayBecome(to: HoldStatus): string {
  const from = (Object.keys(HOLD_TRANSITIONS) as HoldStatus[]).filter((f) =>
    isHoldTransition(f, to),
  );
  return `status in (${from.map((f) => `'${f}'`).join(", ")})`;
}

/** Move one hold, whose status the caller read under its lock, to `to` (an illegal move throws). */
export async function setHoldStatus(
  tx: Queryable,
  hold: { id: string; status: HoldStatus },
  to: HoldStatus,
): Promise<void> {
  assertHoldTransition(hold.status, to);
  await tx.query("update admit_holds set status = $2 where id = $1", [hold.id, to]);
}
