import type { Event } from "@admit/client/contract";

/**
 * The event with only the tiers the `tiers` attribute names (comma-separated ids), so two
 * widgets on one page can sell two groups of tiers; all of them without the attribute.
 */
export function withOnlyTiers(event: Event, tiers: string | null | undefined): Event {
  const only = tiers?.split(",").map((t) => t.trim());
  if (only) event.tiers = event.tiers.filter((t) => only.includes(t.id));
  return event;
}
