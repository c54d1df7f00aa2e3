import {
  createAdmitAdminClient,
  createAdmitClient,
  type EventInput,
  isAdmitApiError,
  type PromoCodeInput,
} from "@admit/client";
import { DEMO_EVENT_ID } from "./site/event-page.js";

const DAY_MS = 86_400_000;

/**
 * The demo event, with dates relative to `now` (the first start): a roomy tier, a single
 * front-row seat, one sold out with its waitlist on, and one whose sales start later; two
 * optional checkout questions (one per order, one per late-jam ticket).
 */
export function demoEventInput(now: Date): EventInput {
  const startsAt = atUtcHour(new Date(now.getTime() + 60 * DAY_MS), 18);
  return {
    name: "Harbourlight Jazz Nights",
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 6 * 3_600_000).toISOString(),
    venue: "Pier 7 Warehouse, Hamburg",
    timeZone: "Europe/Berlin",
    currency: "EUR",
    tiers: [
      {
        id: "standing",
        name: "Standing",
        description: "General admission, all three sets.",
        price: { amount: 3500, currency: "EUR" },
        capacity: 300,
        maxPerOrder: 8,
      },
      {
        id: "front-row",
        name: "Front row seat",
        description: "The one seat right by the stage.",
        price: { amount: 6500, currency: "EUR" },
        // A single seat: the page shows it as nearly gone ("limited") from the start.
        capacity: 1,
        maxPerOrder: 1,
      },
      {
        id: "backstage",
        name: "Backstage meet & greet",
        description: "Meet the bands after the last set. Join the waitlist for returns.",
        price: { amount: 12000, currency: "EUR" },
        // Nothing to sell: the tier shows as sold out and offers its waitlist.
        capacity: 0,
        maxPerOrder: 2,
        waitlist: true,
      },
      {
        id: "late-jam",
        name: "Late-night jam session",
        description: "Bring your instrument. Sales open two weeks after launch.",
        price: { amount: 2000, currency: "EUR" },
        capacity: 80,
        salesStart: atUtcHour(new Date(now.getTime() + 14 * DAY_MS), 9).toISOString(),
      },
    ],
    // Optional, so the buyer's path stays two fields long: see the widget README's "Questions".
    questions: [
      {
        id: "heard",
        label: "How did you hear about us?",
        type: "select",
        options: [
          { id: "friend", label: "A friend" },
          { id: "radio", label: "Radio" },
          { id: "social", label: "Social media" },
          { id: "other", label: "Somewhere else" },
        ],
      },
      {
        id: "instrument",
        label: "Which instrument will you bring?",
        scope: "attendee",
        type: "text",
        tierIds: ["late-jam"],
      },
    ],
  };
}

/** The demo's promo code: 10 % off standing tickets, 100 uses. */
export const DEMO_PROMO_CODE: PromoCodeInput = {
  code: "JAZZ10",
  discount: { kind: "percent", basisPoints: 1000 },
  tierIds: ["standing"],
  maxUses: 100,
};

/**
 * Creates the demo event through the kit's own admin API, only when it does not exist yet, so a
 * restart keeps what was sold and what the host changed.
 *
 * @returns whether the event was created now
 * @example
 * await seedDemoEvent({ api: "http://127.0.0.1:3000/admit", adminToken });
 */
export async function seedDemoEvent(options: {
  api: string;
  adminToken: string;
  now?: Date;
}): Promise<boolean> {
  try {
    await createAdmitClient({ baseUrl: options.api }).getEvent(DEMO_EVENT_ID);
    return false;
  } catch (error) {
    if (!isAdmitApiError(error, "not_found")) throw error;
  }
  const admin = createAdmitAdminClient({ baseUrl: options.api, token: options.adminToken });
  await admin.putEvent(DEMO_EVENT_ID, demoEventInput(options.now ?? new Date()));
  // A campaign code: the page's `?promo=JAZZ10` applies it (see the widget README's promo codes).
  await admin.createPromoCode(DEMO_EVENT_ID, DEMO_PROMO_CODE);
  return true;
}

function atUtcHour(day: Date, hour: number): Date {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour));
}
