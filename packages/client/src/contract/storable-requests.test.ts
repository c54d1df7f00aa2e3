import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  AttendeeChangeRequest,
  CancelRequest,
  CheckInRequest,
  CheckoutRequest,
  DownloadQuery,
  EventInput,
  HoldRequest,
  OrderListQuery,
  PaymentAttemptRequest,
  PaymentLinkRequest,
  PaymentLinkResendRequest,
  PromoCodeInput,
  ReconciliationQuery,
  RefundRequest,
  ResolveRequest,
  TicketKeyRotationRequest,
  WaitlistListQuery,
  WaitlistRequest,
} from "./index.js";

// Every request schema, each with a valid value that fills every string it can carry. A string
// field added without the storable-text rule (or another rule that refuses U+0000) fails here.
const REQUESTS: [string, z.ZodMiniType, Record<string, unknown>][] = [
  [
    "EventInput",
    EventInput,
    {
      name: "Gala",
      startsAt: "2030-01-01T19:00:00Z",
      endsAt: "2030-01-01T23:00:00Z",
      venue: "Hall",
      timeZone: "Europe/Berlin",
      currency: "EUR",
      status: "on_sale",
      tiers: [
        {
          id: "ga",
          name: "Standing",
          description: "Front row",
          price: { amount: 4500, currency: "EUR" },
          capacity: 10,
          salesStart: "2029-01-01T00:00:00Z",
          salesEnd: "2030-01-01T18:00:00Z",
        },
      ],
      questions: [
        {
          id: "terms",
          label: "I accept the terms",
          description: "Read them first",
          scope: "order",
          type: "checkbox",
          tierIds: ["ga"],
          link: { url: "https://shop.example/terms", label: "Terms" },
        },
        {
          id: "shirt",
          label: "T-shirt",
          scope: "attendee",
          type: "select",
          options: [{ id: "m", label: "M" }],
        },
      ],
    },
  ],
  [
    "HoldRequest",
    HoldRequest,
    { eventId: "gala", items: [{ tierId: "ga", quantity: 1 }], promoCode: "EARLY" },
  ],
  [
    "CheckoutRequest",
    CheckoutRequest,
    {
      buyer: { name: "Ada Lovelace", email: "ada@example.com" },
      attendees: [
        {
          tierId: "ga",
          name: "Ada",
          email: "ada@example.com",
          answers: { shirt: "m", diet: ["vegan"] },
        },
      ],
      answers: { company: "Engines Ltd" },
      returnUrl: "https://shop.example/thanks",
      reference: "INV-1",
    },
  ],
  ["PaymentAttemptRequest", PaymentAttemptRequest, { returnUrl: "https://shop.example/thanks" }],
  [
    "WaitlistRequest",
    WaitlistRequest,
    { eventId: "gala", tierId: "ga", email: "ada@example.com", name: "Ada", quantity: 1 },
  ],
  [
    "OrderListQuery",
    OrderListQuery,
    {
      eventId: "gala",
      status: "paid",
      updatedFrom: "2026-01-01T00:00:00Z",
      updatedTo: "2026-02-01T00:00:00Z",
      limit: "10",
      cursor: "MjAyNi0wMS0wMVQwMDowMDowMC4wMDAwMDBafG9yZF9hYWFhYWFhYQ",
    },
  ],
  ["DownloadQuery", DownloadQuery, { token: "tok_abc", locale: "de" }],
  ["WaitlistListQuery", WaitlistListQuery, { eventId: "gala", limit: "10", cursor: "MTI" }],
  ["PaymentLinkResendRequest", PaymentLinkResendRequest, { to: "ada@example.com", channel: "sms" }],
  [
    "CancelRequest",
    CancelRequest,
    { ticketIds: ["tkt_aaaaaaaa"], reason: "Asked by phone", refund: true },
  ],
  [
    "RefundRequest",
    RefundRequest,
    { amount: { amount: 100, currency: "EUR" }, reason: "Goodwill", ticketIds: ["tkt_aaaaaaaa"] },
  ],
  ["ResolveRequest", ResolveRequest, { decision: "accept", reason: "Checked" }],
  [
    "AttendeeChangeRequest",
    AttendeeChangeRequest,
    { name: "Ada", email: "ada@example.com", answers: { shirt: "m" }, reason: "Typo" },
  ],
  ["CheckInRequest", CheckInRequest, { code: "ABCDEF" }],
  ["TicketKeyRotationRequest", TicketKeyRotationRequest, { reason: "Door phone lost" }],
  [
    "PromoCodeInput",
    PromoCodeInput,
    {
      code: "EARLY20",
      discount: { kind: "amount_off", amount: { amount: 500, currency: "EUR" } },
      tierIds: ["ga"],
      validFrom: "2029-01-01T00:00:00Z",
      validUntil: "2030-01-01T00:00:00Z",
      unlocksTierIds: ["vip"],
    },
  ],
  ["ReconciliationQuery", ReconciliationQuery, { format: "csv" }],
  [
    "PaymentLinkRequest",
    PaymentLinkRequest,
    {
      eventId: "gala",
      items: [{ tierId: "ga", quantity: 1 }],
      buyer: { name: "Ada Lovelace", email: "ada@example.com" },
      attendees: [{ tierId: "ga", name: "Ada", email: "ada@example.com" }],
      reference: "INV-1",
      expiresAt: "2030-01-01T00:00:00Z",
    },
  ],
];

/** Every string in `value`, with its path. */
function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

/** `value` with the string at `path` changed by `change`. */
function withLeaf(
  value: unknown,
  path: (string | number)[],
  change: (s: string) => string,
): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  parent[last] = change(parent[last] as string);
  return copy;
}

describe.each(REQUESTS)("%s", (_name, schema, valid) => {
  it("accepts the valid example", () => {
    expect(z.safeParse(schema, valid).error?.issues).toBeUndefined();
  });

  const leaves = stringLeaves(valid);
  it.each(leaves.map((path) => [path.join("."), path] as const))(
    "refuses U+0000 and an unpaired surrogate in %s, naming it",
    (dotted, path) => {
      for (const bad of ["\u0000", "\ud800"]) {
        const result = z.safeParse(
          schema,
          withLeaf(valid, path, (s) => `${s.slice(0, 2)}${bad}${s.slice(2)}`),
        );
        expect(result.success, JSON.stringify(bad)).toBe(false);
        expect(result.error?.issues.map((i) => i.path.join("."))).toContain(dotted);
      }
    },
  );
});
