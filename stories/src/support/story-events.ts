import type { Event, Tier } from "@admit/client/contract";
import { galaEvent, tiers } from "../../../test/mocks/fixtures.js";

/** The gala event of the shared fixtures with only `only` tiers, to show one kind at a time. */
export function galaWith(...only: Tier[]): Event {
  return { ...galaEvent, tiers: only };
}

const SECTIONS = ["Stalls", "Circle", "Balcony", "Box"] as const;

/** Twelve tiers, to show how the list scrolls and totals on a busy event. */
export const manyTiersEvent: Event = {
  ...galaEvent,
  id: "festival",
  name: "Summer Festival 2027",
  tiers: Array.from({ length: 12 }, (_, i): Tier => {
    const section = SECTIONS[i % SECTIONS.length]!;
    const remaining = [80, 4, 0, 25][i % 4]!;
    return {
      ...tiers.standard,
      id: `tier-${i + 1}`,
      name: `${section}, row ${Math.floor(i / SECTIONS.length) + 1}`,
      price: { amount: 2500 + i * 750, currency: "EUR" },
      remaining,
      availability: remaining === 0 ? "sold_out" : remaining <= 5 ? "limited" : "available",
      waitlist: remaining === 0,
    };
  }),
};

/** Names and descriptions far longer than designers plan for, to prove nothing overflows. */
export const longNamesEvent: Event = {
  ...galaEvent,
  id: "long-names",
  name: "The Annual Extraordinary General Assembly and Midsummer Charity Gala of the Friends of the Municipal Philharmonic Orchestra",
  venue:
    "Großer Festsaal im Kongresszentrum am Donaukanal, Eingang über den Innenhof, dritter Stock",
  tiers: [
    {
      ...tiers.standard,
      name: "Standard admission including cloakroom, programme booklet and a glass of sparkling wine at the interval",
      description:
        "Unreserved seating in the stalls. Doors open ninety minutes before the performance; latecomers are admitted at a suitable break. Wheelchair spaces can be booked at the box office.",
    },
    {
      ...tiers.vip,
      name: "Patrons' Circle with reserved front-row seating, backstage reception and a signed limited-edition programme",
    },
    {
      ...tiers.student,
      name: "Reduced-price admission for students, apprentices and people doing voluntary service (proof required)",
    },
  ],
};
