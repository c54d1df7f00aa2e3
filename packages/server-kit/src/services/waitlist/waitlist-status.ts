import type { WaitlistEntryStatus } from "@admit/client/contract";

// Every write of `admit_waitlist.status` after the insert keeps to this table, by the SQL guard
// below. An entry waits, is offered seats (a payment link), then is claimed (paid) or lapses; a
// lapsed offer paid late while its seats remain is claimed after all.

/** Every legal move of a waitlist entry's status: `from` → the statuses it may become. */
export const WAITLIST_TRANSITIONS: Readonly<
  Record<WaitlistEntryStatus, readonly WaitlistEntryStatus[]>
> = {
  waiting: ["offered", "lapsed"],
  offered: ["claimed", "lapsed"],
  lapsed: ["claimed"],
  claimed: [],
};

/** Whether an entry may move from `from` to `to`. */
export function isWaitlistTransition(from: WaitlistEntryStatus, to: WaitlistEntryStatus): boolean {
  return WAITLIST_TRANSITIONS[from]?.includes(to) ?? false;
}

/**
 * The SQL condition (on `<alias>status`) every update to `to` keeps: the statuses the table lets
 * reach `to`, narrowed to `from` where the caller moves only some of them (each must be legal:
 * an illegal one throws). Quoted literals of the table only, never input.
 */
export function waitlistMayBecome(
  to: WaitlistEntryStatus,
  options: { from?: readonly WaitlistEntryStatus[]; alias?: string } = {},
): string {
  const from =
    options.from ??
    (Object.keys(WAITLIST_TRANSITIONS) as WaitlistEntryStatus[]).filter((f) =>
      isWaitlistTransition(f, to),
    );
  for (const f of from)
    if (!isWaitlistTransition(f, to))
      throw new Error(
        `@admit/server-kit: Failed to move a waitlist entry from ${f} to ${to}: not a transition of the waitlist. Make sure to move it only along WAITLIST_TRANSITIONS.`,
      );
  return `${options.alias ?? ""}status in (${from.map((f) => `'${f}'`).join(", ")})`;
}
