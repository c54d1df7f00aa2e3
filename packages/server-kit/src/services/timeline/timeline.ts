import type { Actor } from "@admit/client/contract";
import { newId } from "../../crypto/secrets.js";
import type { Queryable } from "../../store/store.js";

/** One thing that happened, written in the same transaction as the change it records. */
export interface TimelineInput {
  type: string;
  actor: Actor;
  orderId?: string;
  holdId?: string;
  eventId?: string;
  reason?: string;
  data?: Record<string, unknown>;
}

/** Append a timeline entry. The table refuses UPDATE and DELETE (a trigger), so this is the only write. */
export async function appendTimeline(tx: Queryable, entry: TimelineInput): Promise<void> {
  await tx.query(
    `insert into admit_timeline (id, order_id, hold_id, event_id, type, actor, reason, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      newId("timeline"),
      entry.orderId ?? null,
      entry.holdId ?? null,
      entry.eventId ?? null,
      entry.type,
      JSON.stringify(entry.actor),
      entry.reason ?? null,
      JSON.stringify(entry.data ?? {}),
    ],
  );
}
