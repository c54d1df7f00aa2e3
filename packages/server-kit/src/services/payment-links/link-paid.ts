import type { Actor } from "@admit/client/contract";
import type { Queryable } from "../../store/store.js";
import { appendTimeline } from "../timeline/timeline.js";

/**
 * When a captured payment attempt belongs to a payment link, add `payment_link.paid` to the
 * order's timeline (the link's own status at that moment included: paying a cancelled link is
 * worth seeing). Called by the confirmation rules; it changes nothing else.
 */
export async function recordLinkPaid(
  tx: Queryable,
  attempt: { id: string; order_id: string },
  actor: Actor,
): Promise<void> {
  const [link] = await tx.query<{ id: string; event_id: string; status: string }>(
    "select id, event_id, status from admit_payment_links where payment_id = $1",
    [attempt.id],
  );
  if (!link) return;
  await appendTimeline(tx, {
    type: "payment_link.paid",
    actor,
    orderId: attempt.order_id,
    eventId: link.event_id,
    data: { linkId: link.id, paymentId: attempt.id, linkStatus: link.status },
  });
}
