import type { Event, Tier } from "@admit/client/contract";

/** The API the mock answers at; any absolute URL works, msw intercepts it in the page. */
export const MOCK_API = "https://api.admit.test/admit";

const base = { waitlist: false, minPerOrder: 1, maxPerOrder: 8 };

/** A tier of each availability kind the widget shows. */
export const tiers = {
  standard: {
    ...base,
    id: "standard",
    name: "Standard",
    price: { amount: 4500, currency: "EUR" },
    availability: "available",
    remaining: 120,
  },
  vip: {
    ...base,
    id: "vip",
    name: "VIP",
    description: "Front rows and a drink",
    price: { amount: 12000, currency: "EUR" },
    availability: "limited",
    remaining: 3,
    maxPerOrder: 4,
  },
  student: {
    ...base,
    id: "student",
    name: "Student",
    price: { amount: 1500, currency: "EUR" },
    availability: "sold_out",
    remaining: 0,
    waitlist: true,
  },
  early: {
    ...base,
    id: "early",
    name: "Early bird",
    price: { amount: 3000, currency: "EUR" },
    availability: "ended",
    remaining: 0,
    salesEnd: "2026-01-31T23:00:00Z",
  },
  late: {
    ...base,
    id: "late",
    name: "Door",
    price: { amount: 5500, currency: "EUR" },
    availability: "not_on_sale",
    remaining: 50,
    salesStart: "2027-05-20T17:00:00Z",
  },
} satisfies Record<string, Tier>;

/** An on-sale event with one tier of every availability kind. */
export const galaEvent: Event = {
  id: "spring-gala",
  name: "Spring Gala 2027",
  startsAt: "2027-05-21T18:00:00Z",
  venue: "Town Hall",
  timeZone: "Europe/Berlin",
  currency: "EUR",
  status: "on_sale",
  collectAttendees: false,
  tiers: [tiers.standard, tiers.vip, tiers.student, tiers.early, tiers.late],
};

/** A small event whose checkout asks for a name per ticket. */
export const workshopEvent: Event = {
  id: "workshop",
  name: "Lit Workshop",
  startsAt: "2027-06-02T08:00:00Z",
  currency: "JPY",
  status: "on_sale",
  collectAttendees: true,
  tiers: [
    {
      ...base,
      id: "seat",
      name: "Seat",
      price: { amount: 3000, currency: "JPY" },
      availability: "available",
      remaining: 10,
      maxPerOrder: 2,
      minPerOrder: 1,
    },
  ],
};

/**
 * An event whose checkout asks questions of every type: a company and the terms per order, a
 * T-shirt size per Standard ticket only, and more per attendee.
 */
export const conferenceEvent: Event = {
  ...galaEvent,
  id: "conference",
  name: "Web Components Conf",
  tiers: [tiers.standard, tiers.vip],
  questions: [
    { id: "company", label: "Company", scope: "order", type: "text", required: true },
    {
      id: "terms",
      label: "I accept the terms",
      scope: "order",
      type: "checkbox",
      required: true,
      link: { url: "https://conf.example/terms", label: "Read the terms" },
    },
    {
      id: "notes",
      label: "Notes",
      description: "Anything we should know",
      scope: "order",
      type: "long_text",
      required: false,
    },
    {
      id: "shirt",
      label: "T-shirt size",
      description: "Unisex sizes",
      scope: "attendee",
      type: "select",
      required: true,
      options: [
        { id: "s", label: "S" },
        { id: "m", label: "M" },
        { id: "l", label: "L" },
      ],
      tierIds: ["standard"],
    },
    {
      id: "diet",
      label: "Diet",
      scope: "attendee",
      type: "multi_select",
      required: false,
      options: [
        { id: "vegan", label: "Vegan" },
        { id: "nuts", label: "No nuts" },
      ],
    },
    { id: "age", label: "Age", scope: "attendee", type: "number", required: false },
    { id: "born", label: "Born", scope: "attendee", type: "date", required: false },
    { id: "phone", label: "Phone", scope: "attendee", type: "phone", required: false },
    { id: "country", label: "Country", scope: "attendee", type: "country", required: false },
  ],
};
