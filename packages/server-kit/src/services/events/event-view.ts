import type { Availability, Event, EventStatus, EventSummary, Tier } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { remainingSeats, TIER_COLUMNS, type TierRow } from "../holds/capacity.js";
import { type StoredQuestion, toQuestion } from "../questions/answers.js";

/** Times as `json_agg` gives them: strings. */
interface JsonDates {
  sales_start: string | null;
  sales_end: string | null;
}

/** An event row as stored. */
export interface EventRow {
  id: string;
  name: string;
  starts_at: Date;
  ends_at: Date | null;
  venue: string | null;
  time_zone: string | null;
  currency: string;
  status: "on_sale" | "not_on_sale" | "cancelled";
  hide_remaining: boolean;
  collect_attendees: boolean;
  /** What checkout asks, in order (migration 10). */
  questions: StoredQuestion[];
  /** Bumped by every admin change of the event or its tiers (migration 13). */
  revision: number;
  db_now: Date;
}

/** Load an event with the database clock (`db_now`), or answer 404. */
export async function loadEvent(
  q: Queryable,
  eventId: string,
  advisoryLock?: string,
): Promise<EventRow> {
  // With `advisoryLock`, also take that transaction-scoped lock in the same round trip.
  const rows = await q.query<EventRow>(
    advisoryLock
      ? "select e.*, now() as db_now from admit_events e, pg_advisory_xact_lock(hashtext($2)) where e.id = $1"
      : "select *, now() as db_now from admit_events where id = $1",
    advisoryLock ? [eventId, advisoryLock] : [eventId],
  );
  const event = rows[0];
  if (!event) throw new AdmitError("not_found", `No event ${eventId}`);
  return event;
}

/** What the event is, when and where: the fields the event view, the receipt, the PDF, the calendar file and the e-mail share. */
export function eventSummary(event: EventRow): EventSummary {
  return {
    id: event.id,
    name: event.name,
    startsAt: event.starts_at.toISOString(),
    ...(event.ends_at ? { endsAt: event.ends_at.toISOString() } : {}),
    ...(event.venue ? { venue: event.venue } : {}),
    ...(event.time_zone ? { timeZone: event.time_zone } : {}),
  };
}

/** The event's status as buyers see it: `ended` once it is over, by the database clock. */
export function eventStatus(event: EventRow): EventStatus {
  if (event.status === "cancelled") return "cancelled";
  if ((event.ends_at ?? event.starts_at) <= event.db_now) return "ended";
  return event.status;
}

/** Why a tier cannot be bought now, or null when it can (ignoring remaining seats). */
export function tierSaleState(event: EventRow, tier: TierRow): "not_on_sale" | "ended" | null {
  const status = eventStatus(event);
  if (status === "ended") return "ended";
  if (status !== "on_sale") return "not_on_sale";
  if (tier.sales_end && tier.sales_end <= event.db_now) return "ended";
  if (tier.sales_start && tier.sales_start > event.db_now) return "not_on_sale";
  return null;
}

// "limited" below this share of capacity, so the widget can nudge without exposing counts.
const LIMITED_SHARE = 0.1;

export function tierAvailability(event: EventRow, tier: TierRow, remaining: number): Availability {
  const state = tierSaleState(event, tier);
  if (state) return state;
  if (remaining <= 0) return "sold_out";
  if (remaining <= Math.max(1, Math.ceil(tier.capacity * LIMITED_SHARE))) return "limited";
  return "available";
}

/**
 * `GET /events/:eventId`: the event with live availability, computed with the database clock.
 * Seats set aside for waiting waitlist entries are not shown as remaining (unless `waitlistFirst`
 * is false: the control test's `unsafeDisableWaitlistFirst`).
 */
export async function getEventView(
  q: Queryable,
  eventId: string,
  waitlistFirst = true,
  unlockedTierIds: readonly string[] = [],
): Promise<Event> {
  // One round trip: the event, the clock and its tiers (read from the counters) together.
  const [row] = await q.query<
    EventRow & {
      tiers: (Omit<TierRow, "sales_start" | "sales_end"> & JsonDates)[];
      has_promo_codes: boolean;
    }
  >(
    `select e.*, now() as db_now, exists (select 1 from admit_promo_codes p
       where p.event_id = e.id and p.enabled) as has_promo_codes, coalesce((select json_agg(x order by x.position) from
       (select ${TIER_COLUMNS} from admit_tiers t where t.event_id = e.id) x), '[]') as tiers
     from admit_events e where e.id = $1`,
    [eventId],
  );
  if (!row) throw new AdmitError("not_found", `No event ${eventId}`);
  const { tiers: jsonTiers, has_promo_codes: hasPromoCodes, ...event } = row;
  const tiers: TierRow[] = jsonTiers.map((t) => ({
    ...t,
    sales_start: t.sales_start === null ? null : new Date(t.sales_start),
    sales_end: t.sales_end === null ? null : new Date(t.sales_end),
  }));
  return {
    ...eventSummary(event),
    currency: event.currency,
    status: eventStatus(event),
    collectAttendees: event.collect_attendees,
    // A hidden tier is shown only with a code that unlocks it (promo-codes/promo-code-check.ts).
    ...(hasPromoCodes ? { hasPromoCodes } : {}),
    tiers: tiers
      .filter((t) => !t.hidden_without_code || unlockedTierIds.includes(t.id))
      .map((tier): Tier => {
        const remaining = remainingSeats(tier, waitlistFirst);
        return {
          id: tier.id,
          name: tier.name,
          ...(tier.description ? { description: tier.description } : {}),
          price: { amount: tier.price_amount, currency: event.currency },
          availability: tierAvailability(event, tier, remaining),
          remaining: event.hide_remaining ? null : remaining,
          minPerOrder: tier.min_per_order,
          maxPerOrder: tier.max_per_order,
          waitlist: tier.waitlist,
          ...(tier.sales_start ? { salesStart: tier.sales_start.toISOString() } : {}),
          ...(tier.sales_end ? { salesEnd: tier.sales_end.toISOString() } : {}),
          ...(tier.fee ? { fee: tier.fee } : {}),
          ...(tier.tax ? { tax: tier.tax } : {}),
        };
      }),
    ...(event.questions.length > 0 ? { questions: event.questions.map(toQuestion) } : {}),
  };
}
