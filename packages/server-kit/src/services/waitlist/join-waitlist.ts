import type { WaitlistEntry, WaitlistRequest } from "@admit/client/contract";
import { newId } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import { loadEvent, tierAvailability } from "../events/event-view.js";
import { remainingSeats, selectTiers } from "../holds/capacity.js";
import { type KitContext, SYSTEM } from "../kit-context.js";
import { appendTimeline } from "../timeline/timeline.js";

/**
 * `POST /waitlist`: join the queue of a sold-out tier that has its waitlist on. A tier outside
 * its sales window answers 409 `not_on_sale`; a tier without a waitlist, or one that still has
 * seats, answers 422 `invalid_request` (the buyer should hold seats instead). The position is
 * computed under the tier's row lock, so two joins never share a place.
 */
export async function joinWaitlist(
  ctx: KitContext,
  input: WaitlistRequest,
): Promise<WaitlistEntry> {
  return ctx.store.transaction(async (tx) => {
    const event = await loadEvent(tx, input.eventId);
    const [tier] = await selectTiers(tx, event.id, [input.tierId], true);
    // A tier hidden without a code is not there for a buyer without one (its waitlist included).
    if (!tier || tier.hidden_without_code)
      throw new AdmitError("invalid_request", "The event has no such tier", {
        errors: [{ path: "tierId", message: "unknown tier" }],
      });
    if (!tier.waitlist)
      throw new AdmitError("invalid_request", `${tier.name} has no waitlist`, {
        errors: [{ path: "tierId", message: "this tier has no waitlist" }],
      });
    const availability = tierAvailability(event, tier, remainingSeats(tier, true));
    if (availability === "ended" || availability === "not_on_sale")
      throw new AdmitError("not_on_sale", `${tier.name} is not on sale`);
    if (availability !== "sold_out")
      throw new AdmitError("invalid_request", `${tier.name} still has seats; hold them instead`, {
        errors: [{ path: "tierId", message: "the tier is not sold out" }],
      });
    const id = newId("waitlist");
    const [row] = await tx.query<{ created_at: Date; position: number }>(
      `with inserted as (
         insert into admit_waitlist (id, event_id, tier_id, email, name, quantity)
         values ($1, $2, $3, $4, $5, $6) returning created_at, seq)
       select inserted.created_at,
         (select count(*)::int from admit_waitlist w where w.event_id = $2 and w.tier_id = $3
            and w.status = 'waiting') + 1 as position
       from inserted`,
      [id, event.id, tier.id, input.email, input.name ?? null, input.quantity],
    );
    await appendTimeline(tx, {
      type: "waitlist.joined",
      actor: SYSTEM.buyer,
      eventId: event.id,
      data: { waitlistId: id, tierId: tier.id, quantity: input.quantity },
    });
    return {
      id,
      eventId: event.id,
      tierId: tier.id,
      quantity: input.quantity,
      position: row!.position,
      createdAt: row!.created_at.toISOString(),
    };
  });
}
