import { beforeAll, expect, test } from "vitest";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { buyAndPay } from "../testing/paid-order.js";
import type { ApiAnswer, KitClient } from "../testing/test-harness.js";

// Values the contract's shapes allowed but PostgreSQL refuses (or changes): each one used to
// reach SQL and answer 500 (or be stored altered). Now the contract refuses it and names it.
const ADMIN = "admin-secret";
const NUL = "Ada\u0000Lovelace";
const LONE_SURROGATE = "Ada \ud83d Lovelace";
const YEAR_ZERO = "0000-01-01T00:00:00Z";

/** A cursor as `GET /admin/orders` makes them, around a time of our choosing. */
const cursorAt = (at: string) => Buffer.from(`${at}|ord_aaaaaaaaaaaa`).toString("base64url");

interface Sent {
  method: string;
  path: string;
  body?: unknown;
  token?: string;
}

/** Everything a case needs that must exist first: holds on an event, a paid ticket. */
interface Fixture {
  c: KitClient;
  eventId: string;
  attendeesEventId: string;
  hold(eventId?: string): Promise<{ id: string; token: string }>;
  /** A paid order and its ticket. */
  orderId: string;
  ticketId: string;
}

const eventBody = (over: Record<string, unknown> = {}, tier: Record<string, unknown> = {}) => ({
  name: "Gala",
  startsAt: "2030-01-01T19:00:00Z",
  currency: "EUR",
  tiers: [
    { id: "ga", name: "Standing", price: { amount: 100, currency: "EUR" }, capacity: 10, ...tier },
  ],
  ...over,
});

const checkoutBody = (f: Fixture, over: Record<string, unknown> = {}) => ({
  buyer: { name: "Ada Lovelace", email: "ada@example.com" },
  returnUrl: `${new URL(f.c.baseUrl).origin}/thanks`,
  ...over,
});

async function checkoutWith(f: Fixture, over: Record<string, unknown>): Promise<Sent> {
  const hold = await f.hold();
  return {
    method: "POST",
    path: `/holds/${hold.id}/checkout`,
    token: hold.token,
    body: checkoutBody(f, over),
  };
}

/** [what, the request, the field the answer must name]. */
const CASES: [string, (f: Fixture) => Promise<Sent> | Sent, string][] = [
  [
    "the year 0000 in updatedFrom",
    () => ({ method: "GET", path: `/admin/orders?updatedFrom=${YEAR_ZERO}`, token: ADMIN }),
    "updatedFrom",
  ],
  [
    "the year 0000 in an event's startsAt",
    (f) => ({
      method: "PUT",
      path: `/admin/events/${f.eventId}`,
      token: ADMIN,
      body: eventBody({ startsAt: YEAR_ZERO }),
    }),
    "startsAt",
  ],
  [
    "the year 0000 in a tier's salesStart",
    (f) => ({
      method: "PUT",
      path: `/admin/events/${f.eventId}`,
      token: ADMIN,
      body: eventBody({}, { salesStart: YEAR_ZERO }),
    }),
    "tiers.0.salesStart",
  ],
  [
    "a cursor at hour 25",
    () => ({
      method: "GET",
      path: `/admin/orders?cursor=${cursorAt("2026-01-01T25:00:00.000000Z")}`,
      token: ADMIN,
    }),
    "cursor",
  ],
  [
    "a cursor on day 32",
    () => ({
      method: "GET",
      path: `/admin/orders?cursor=${cursorAt("2026-01-32T10:00:00.000000Z")}`,
      token: ADMIN,
    }),
    "cursor",
  ],
  [
    "a cursor in the year 0000",
    () => ({
      method: "GET",
      path: `/admin/orders?cursor=${cursorAt("0000-01-01T00:00:00.000000Z")}`,
      token: ADMIN,
    }),
    "cursor",
  ],
  [
    "U+0000 in a cursor's order id",
    () => ({
      method: "GET",
      path: `/admin/orders?cursor=${Buffer.from("2026-01-01T10:00:00.000000Z|ord_aaaa\u0000aaaa").toString("base64url")}`,
      token: ADMIN,
    }),
    "cursor",
  ],
  [
    "U+0000 in the buyer's name",
    (f) => checkoutWith(f, { buyer: { name: NUL, email: "ada@example.com" } }),
    "buyer.name",
  ],
  [
    "an unpaired surrogate in the buyer's name",
    (f) => checkoutWith(f, { buyer: { name: LONE_SURROGATE, email: "ada@example.com" } }),
    "buyer.name",
  ],
  ["U+0000 in the checkout's reference", (f) => checkoutWith(f, { reference: NUL }), "reference"],
  [
    "U+0000 in the return URL",
    (f) => checkoutWith(f, { returnUrl: `${new URL(f.c.baseUrl).origin}/thanks\u0000` }),
    "returnUrl",
  ],
  [
    "U+0000 in an attendee's name at checkout",
    async (f) => {
      const hold = await f.hold(f.attendeesEventId);
      return {
        method: "POST",
        path: `/holds/${hold.id}/checkout`,
        token: hold.token,
        body: checkoutBody(f, { attendees: [{ tierId: "ga", name: NUL }] }),
      };
    },
    "attendees.0.name",
  ],
  [
    "U+0000 in an attendee change",
    (f) => ({
      method: "PATCH",
      path: `/admin/tickets/${f.ticketId}/attendee`,
      token: ADMIN,
      body: { name: NUL, reason: "typo" },
    }),
    "name",
  ],
  [
    "U+0000 in a waitlist name (no auth)",
    (f) => ({
      method: "POST",
      path: "/waitlist",
      body: { eventId: f.eventId, tierId: "ga", email: "ada@example.com", name: NUL, quantity: 1 },
    }),
    "name",
  ],
  [
    "U+0000 in a check-in code",
    () => ({
      method: "POST",
      path: "/admin/check-ins",
      token: ADMIN,
      body: { code: "ABC\u0000DEF" },
    }),
    "code",
  ],
  [
    "U+0000 in a payment link's reference",
    (f) => ({
      method: "POST",
      path: "/admin/payment-links",
      token: ADMIN,
      body: {
        eventId: f.eventId,
        items: [{ tierId: "ga", quantity: 1 }],
        buyer: { name: "Ada Lovelace", email: "ada@example.com" },
        reference: `INV\u0000${Math.random()}`,
      },
    }),
    "reference",
  ],
  [
    "U+0000 in a refund's reason",
    (f) => ({
      method: "POST",
      path: `/admin/orders/${f.orderId}/refunds`,
      token: ADMIN,
      body: { amount: { amount: 1, currency: "EUR" }, reason: NUL },
    }),
    "reason",
  ],
  [
    "U+0000 in an event's name",
    (f) => ({
      method: "PUT",
      path: `/admin/events/${f.eventId}`,
      token: ADMIN,
      body: eventBody({ name: NUL }),
    }),
    "name",
  ],
  [
    "U+0000 in an event's venue",
    (f) => ({
      method: "PUT",
      path: `/admin/events/${f.eventId}`,
      token: ADMIN,
      body: eventBody({ venue: NUL }),
    }),
    "venue",
  ],
  [
    "U+0000 in a tier's name",
    (f) => ({
      method: "PUT",
      path: `/admin/events/${f.eventId}`,
      token: ADMIN,
      body: eventBody({}, { name: NUL }),
    }),
    "tiers.0.name",
  ],
  [
    "an unpaired surrogate in a tier's description",
    (f) => ({
      method: "PUT",
      path: `/admin/events/${f.eventId}`,
      token: ADMIN,
      body: eventBody({}, { description: "\udc00 front row" }),
    }),
    "tiers.0.description",
  ],
  [
    "U+0000 in a promo code",
    (f) => ({
      method: "POST",
      path: "/holds",
      body: { eventId: f.eventId, items: [{ tierId: "ga", quantity: 1 }], promoCode: "\u0000" },
    }),
    "promoCode",
  ],
];

function expectRefused(answer: ApiAnswer, field: string) {
  expect(answer.status, answer.text).toBe(422);
  expect(answer.headers.get("content-type")).toContain("application/problem+json");
  expect(answer.body.code).toBe("invalid_request");
  expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(field);
}

describeEachKit(
  "values PostgreSQL cannot store,",
  { eventPrefix: "edge", event: eventBody() },
  ({ h, c, eventId, framework }) => {
    const f = {} as Fixture;
    beforeAll(async () => {
      f.c = c;
      f.eventId = eventId;
      f.attendeesEventId = `edge-names-${framework}`;
      await c.createEvent(f.attendeesEventId, { collectAttendees: true });
      f.hold = async (eventId = f.eventId) => {
        const hold = await c.api("POST", "/holds", {
          body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
        });
        expect(hold.status, hold.text).toBe(201);
        return { id: hold.body.id, token: hold.body.token };
      };
      const { paid } = await buyAndPay(h, c, f.eventId, [{ tierId: "ga", quantity: 1 }]);
      f.orderId = paid.body.id;
      f.ticketId = paid.body.tickets[0].id;
    });

    test.each(CASES)("%s answers 422 naming the field", async (_what, make, field) => {
      const sent = await make(f);
      const answer = await f.c.api(sent.method, sent.path, {
        ...(sent.body !== undefined ? { body: sent.body } : {}),
        ...(sent.token ? { token: sent.token } : {}),
      });
      expectRefused(answer, field);
    });

    test("a hold whose total would pass 2^53 - 1 minor units answers 422 naming items", async () => {
      const eventId = `edge-rich-${framework}`;
      await f.c.createEvent(
        eventId,
        eventBody({}, { price: { amount: Number.MAX_SAFE_INTEGER, currency: "EUR" } }),
      );
      const answer = await f.c.api("POST", "/holds", {
        body: { eventId, items: [{ tierId: "ga", quantity: 2 }] },
      });
      expectRefused(answer, "items");
      const one = await f.c.api("POST", "/holds", {
        body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
      });
      expect(one.body.total.amount).toBe(Number.MAX_SAFE_INTEGER);
    });

    test("the event is unchanged by the refused requests", async () => {
      const event = await f.c.api("GET", `/events/${f.eventId}`);
      expect(event.body.name).toBe("Gala");
      expect(event.body.startsAt).toBe("2030-01-01T19:00:00.000Z");
      expect(event.body.tiers[0].name).toBe("Standing");
      // The unpaired surrogate was once stored as U+FFFD rather than refused.
      expect(event.body.tiers[0].description).toBeUndefined();
    });
  },
);
