import { AdminTicket, Event, ORDER_CSV_COLUMNS } from "@admit/client";
import { parse } from "csv-parse/sync";
import { beforeAll, expect, test } from "vitest";
import * as z from "zod/mini";
import { ADMIN_TOKEN as ADMIN, adminOrder, adminTimeline } from "../testing/admin-orders.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { payCheckout } from "../testing/paid-order.js";

const ACTOR = { id: "staff_1", name: "Box office" };

/** A company per order, a T-shirt size per standing ticket, terms to accept, and one of each other type. */
const QUESTIONS = [
  { id: "company", label: "Company", scope: "order", type: "text", required: true },
  {
    id: "terms",
    label: "I accept the terms",
    type: "checkbox",
    required: true,
    link: { url: "https://shop.example/terms", label: "Terms" },
  },
  { id: "notes", label: "Notes", type: "long_text" },
  { id: "phone", label: "Phone", type: "phone" },
  { id: "country", label: "Country", type: "country" },
  {
    id: "shirt",
    label: "T-shirt size",
    description: "Printed in unisex sizes",
    scope: "attendee",
    type: "select",
    required: true,
    options: [
      { id: "s", label: "S" },
      { id: "m", label: "M" },
      { id: "l", label: "L" },
    ],
    tierIds: ["ga"],
  },
  {
    id: "diet",
    label: "Diet",
    scope: "attendee",
    type: "multi_select",
    options: [
      { id: "vegan", label: "Vegan" },
      { id: "nuts", label: "No nuts" },
    ],
  },
  { id: "age", label: "Age", scope: "attendee", type: "number" },
  { id: "born", label: "Born", scope: "attendee", type: "date" },
];

const GOOD = { company: "Analytical Engines", terms: true, phone: "+49 30 1234567", country: "GB" };
const attendee = (name: string, tierId: string, answers: Record<string, unknown>) => ({
  name,
  tierId,
  answers,
});

describeEachKit("checkout questions", { eventPrefix: "ask" }, ({ h, c, eventId }) => {
  beforeAll(async () => {
    await c.createEvent(eventId, { questions: QUESTIONS } as never);
  });

  test("the event view carries the questions in the order the admin gave them", async () => {
    const event = z.parse(Event, (await c.api("GET", `/events/${eventId}`)).body);
    expect(event.questions?.map((q) => q.id)).toEqual(QUESTIONS.map((q) => q.id));
    expect(event.questions?.find((q) => q.id === "shirt")).toMatchObject({
      scope: "attendee",
      type: "select",
      required: true,
      tierIds: ["ga"],
      description: "Printed in unisex sizes",
    });
    expect(event.questions?.[0]).toMatchObject({ scope: "order", required: true });
  });

  test("the admin's questions are checked: a select needs options, tiers must exist, ids are unique", async () => {
    const put = (questions: unknown[]) =>
      c.api("PUT", `/admin/events/${eventId}-bad`, {
        token: ADMIN,
        body: {
          name: "Bad",
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          currency: "EUR",
          tiers: [{ id: "ga", name: "GA", price: { amount: 100, currency: "EUR" }, capacity: 5 }],
          questions,
        },
      });
    const paths = async (questions: unknown[]) => {
      const answer = await put(questions);
      expect(answer.status).toBe(422);
      return answer.body.errors.map((e: { path: string }) => e.path);
    };
    expect(await paths([{ id: "size", label: "Size", type: "select" }])).toEqual([
      "questions.0.options",
    ]);
    expect(
      await paths([
        { id: "a", label: "A", type: "text", tierIds: ["nope"] },
        { id: "a", label: "B", type: "text" },
      ]),
    ).toEqual(["questions.0.tierIds", "questions.1.id"]);
    expect(await paths([{ id: "a", label: "A", type: "colour" }])).toEqual(["questions.0.type"]);
  });

  test("missing and wrong answers answer 422 naming each question; nothing is held back", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }], {
      answers: { terms: false, phone: "call me", country: "XX", nope: "?" },
      attendees: [
        attendee("Ada", "ga", { shirt: "m", age: "forty" }),
        attendee("Alan", "ga", { shirt: "xxl", diet: ["vegan", "vegan"], born: "2001-02-30" }),
      ],
    });
    expect(checkout.status).toBe(422);
    expect(checkout.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(checkout.body.code).toBe("invalid_request");
    const paths = checkout.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(
      [
        "answers.nope",
        "answers.company",
        "answers.terms",
        "answers.phone",
        "answers.country",
        "attendees.0.answers.age",
        "attendees.1.answers.shirt",
        "attendees.1.answers.diet",
        "attendees.1.answers.born",
      ].sort(),
    );
    const company = checkout.body.errors.find(
      (e: { path: string }) => e.path === "answers.company",
    );
    expect(company.message).toContain("Company");
  });

  test("a required attendee question makes attendees required for its tier only", async () => {
    const missing = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }], { answers: GOOD });
    expect(missing.checkout.status).toBe(422);
    expect(missing.checkout.body.errors).toEqual([expect.objectContaining({ path: "attendees" })]);
    // VIP tickets are not asked the T-shirt question: no attendees needed.
    const vip = await c.buy(eventId, [{ tierId: "vip", quantity: 1 }], { answers: GOOD });
    expect(vip.checkout.status).toBe(201);
    // …and a VIP attendee answering it is told it is not asked there.
    const asked = await c.buy(eventId, [{ tierId: "vip", quantity: 1 }], {
      answers: GOOD,
      attendees: [attendee("Ada", "vip", { shirt: "m" })],
    });
    expect(asked.checkout.status).toBe(422);
    expect(asked.checkout.body.errors.map((e: { path: string }) => e.path)).toEqual([
      "attendees.0.answers.shirt",
    ]);
  });

  test("answers are stored on the order and its tickets and show in the admin order and the CSV", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }], {
      answers: { ...GOOD, company: "  Analytical Engines  ", notes: "" },
      attendees: [
        attendee("Ada", "ga", { shirt: "m", diet: ["vegan", "nuts"], age: 36, born: "1815-12-10" }),
        attendee("Alan", "ga", { shirt: "l" }),
      ],
    });
    expect(checkout.status).toBe(201);
    const orderId: string = (await payCheckout(h, c, checkout)).body.id;
    const order = await adminOrder(c, orderId);
    // Trimmed, blank answers left out.
    expect(order.answers).toEqual(GOOD);
    expect(order.tickets.map((t) => [t.attendee.name, t.answers])).toEqual([
      ["Ada", { shirt: "m", diet: ["vegan", "nuts"], age: 36, born: "1815-12-10" }],
      ["Alan", { shirt: "l" }],
    ]);
    const csv = await c.api("GET", `/admin/orders?eventId=${eventId}&format=csv`, { token: ADMIN });
    expect(csv.status).toBe(200);
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...ORDER_CSV_COLUMNS]);
    const row = rows.find((r) => r.order_id === orderId)!;
    expect(JSON.parse(row.order_answers!)).toEqual(GOOD);
    expect(JSON.parse(row.attendee_answers!)).toEqual([
      { ticketId: order.tickets[0]!.id, ...order.tickets[0]!.answers },
      { ticketId: order.tickets[1]!.id, ...order.tickets[1]!.answers },
    ]);
  });

  test("an admin change of an attendee's answers keeps the old ones on the timeline with actor and reason", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }], {
      answers: GOOD,
      attendees: [attendee("Ada", "ga", { shirt: "m" })],
    });
    const orderId: string = (await payCheckout(h, c, checkout)).body.id;
    const [ticket] = (await adminOrder(c, orderId)).tickets;
    const change = (answers: unknown, reason = "Asked by e-mail") =>
      c.api("PATCH", `/admin/tickets/${ticket!.id}/attendee`, {
        token: ADMIN,
        body: { name: "Ada", answers, reason },
      });
    const refused = await change({ shirt: "xxl" });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(["answers.shirt"]);
    const changed = await change({ shirt: "l", age: 36 });
    expect(changed.status).toBe(200);
    expect(z.parse(AdminTicket, changed.body).answers).toEqual({ shirt: "l", age: 36 });
    // A name-only change leaves the answers as they are.
    const renamed = await c.api("PATCH", `/admin/tickets/${ticket!.id}/attendee`, {
      token: ADMIN,
      body: { name: "Ada King", reason: "Full name" },
    });
    expect(renamed.body.answers).toEqual({ shirt: "l", age: 36 });
    expect((await adminOrder(c, orderId)).tickets[0]!.answers).toEqual({ shirt: "l", age: 36 });
    const entries = await adminTimeline(c, orderId, "ticket.attendee_changed");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actor: ACTOR,
      reason: "Asked by e-mail",
      data: {
        ticketId: ticket!.id,
        from: { name: "Ada", answers: { shirt: "m" } },
        to: { name: "Ada", answers: { shirt: "l", age: 36 } },
      },
    });
    expect(entries[1]!.data.from).not.toHaveProperty("answers");
  });
});
