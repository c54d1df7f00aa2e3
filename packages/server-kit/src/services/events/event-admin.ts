import type { Actor, Event, EventInput } from "@admit/client/contract";
import type * as z from "zod/mini";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { selectTiers } from "../holds/capacity.js";
import { appendTimeline } from "../timeline/timeline.js";
import { getEventView } from "./event-view.js";

type ParsedEventInput = z.output<typeof EventInput>;

/**
 * `PUT /admin/events/:eventId`: create or replace an event and its tiers under the tier locks,
 * so a capacity change and a hold never interleave. Capacity may not drop below what is sold
 * (409 `capacity_below_sold`); a tier with sold seats or live holds cannot be removed.
 */
export async function upsertEvent(
  tx: Queryable,
  eventId: string,
  input: ParsedEventInput,
  actor: Actor,
): Promise<{ event: Event; created: boolean }> {
  const existing = await tx.query<{ currency: string }>(
    "select currency from admit_events where id = $1 for update",
    [eventId],
  );
  const created = existing.length === 0;
  if (!created && existing[0]!.currency !== input.currency) {
    const sold = await tx.query(
      "select 1 from admit_tiers where event_id = $1 and sold > 0 limit 1",
      [eventId],
    );
    if (sold.length > 0)
      throw new AdmitError("invalid_request", "The currency cannot change once tickets are sold", {
        errors: [{ path: "currency", message: "tickets were sold in another currency" }],
      });
  }
  await tx.query(
    `insert into admit_events (id, name, starts_at, ends_at, venue, currency, status, hide_remaining, collect_attendees, time_zone, questions)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (id) do update set name = excluded.name, starts_at = excluded.starts_at,
       ends_at = excluded.ends_at, venue = excluded.venue, time_zone = excluded.time_zone,
       currency = excluded.currency,
       status = excluded.status, hide_remaining = excluded.hide_remaining,
       collect_attendees = excluded.collect_attendees, questions = excluded.questions,
       updated_at = now(), revision = admit_events.revision + 1`,
    [
      eventId,
      input.name,
      input.startsAt,
      input.endsAt ?? null,
      input.venue ?? null,
      input.currency,
      input.status,
      input.hideRemaining,
      input.collectAttendees,
      input.timeZone ?? null,
      JSON.stringify(input.questions),
    ],
  );
  const current = await selectTiers(tx, eventId, null, true);
  const wanted = new Set(input.tiers.map((t) => t.id));
  for (const tier of current) {
    if (wanted.has(tier.id)) continue;
    if (tier.sold > 0 || tier.held > 0)
      throw new AdmitError("capacity_below_sold", `Tier ${tier.id} has sold or held seats`, {
        tiers: [{ tierId: tier.id, remaining: 0 }],
      });
    // The waitlist keeps its entries (people asked to be told); a tier they wait for stays.
    const [{ waiting } = { waiting: 0 }] = await tx.query<{ waiting: number }>(
      "select count(*)::int as waiting from admit_waitlist where event_id = $1 and tier_id = $2",
      [eventId, tier.id],
    );
    if (waiting > 0)
      throw new AdmitError(
        "capacity_below_sold",
        `Tier ${tier.id} has ${waiting} waitlist entries; keep it (end its sales window instead) so they are not lost`,
        { tiers: [{ tierId: tier.id, remaining: 0 }] },
      );
    await tx.query("delete from admit_tiers where event_id = $1 and id = $2", [eventId, tier.id]);
  }
  for (const [position, tier] of input.tiers.entries()) {
    const before = current.find((t) => t.id === tier.id);
    // The admit_tiers_capacity CHECK would refuse it anyway; this says why.
    if (before && tier.capacity < before.sold + before.held)
      throw new AdmitError(
        "capacity_below_sold",
        `Tier ${tier.id}: capacity ${tier.capacity} is below the ${before.sold} seats sold and ${before.held} held; lower it once holds end`,
      );
    await tx.query(
      `insert into admit_tiers (event_id, id, position, name, description, price_amount, capacity,
         min_per_order, max_per_order, sales_start, sales_end, waitlist, hidden_without_code, fee, tax)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (event_id, id) do update set position = excluded.position, name = excluded.name,
         description = excluded.description, price_amount = excluded.price_amount,
         capacity = excluded.capacity, min_per_order = excluded.min_per_order,
         max_per_order = excluded.max_per_order, sales_start = excluded.sales_start,
         sales_end = excluded.sales_end, waitlist = excluded.waitlist,
         hidden_without_code = excluded.hidden_without_code, fee = excluded.fee, tax = excluded.tax`,
      [
        eventId,
        tier.id,
        position,
        tier.name,
        tier.description ?? null,
        tier.price.amount,
        tier.capacity,
        tier.minPerOrder,
        tier.maxPerOrder,
        tier.salesStart ?? null,
        tier.salesEnd ?? null,
        tier.waitlist,
        tier.hiddenWithoutCode,
        tier.fee ? JSON.stringify(tier.fee) : null,
        tier.tax ? JSON.stringify(tier.tax) : null,
      ],
    );
  }
  await appendTimeline(tx, {
    type: created ? "event.created" : "event.updated",
    actor,
    eventId,
    data: {
      name: input.name,
      status: input.status,
      tiers: input.tiers.length,
      questions: input.questions.length,
    },
  });
  return { event: await getEventView(tx, eventId), created };
}
