import { createAdmitAdminClient, isAdmitApiError, Ticket } from "@admit/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { type Admit, createAdmit } from "../create-admit.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import { adminTimeline } from "../testing/admin-orders.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { kitRequest, testAuthorize } from "../testing/kit-request.js";
import { buyAndPay } from "../testing/paid-order.js";
import { FRAMEWORKS, type Harness, type KitClient, startHarness } from "../testing/test-harness.js";

const ADMIN = "admin-secret";
const BOX_OFFICE = { id: "staff_1", name: "Box office" };

interface PaidOrder {
  id: string;
  token: string;
  tickets: z.infer<typeof Ticket>[];
}

/** Buy `quantity` standing tickets and pay on the sandbox's page; answers once the order is paid. */
async function paidOrder(h: Harness, c: KitClient, eventId: string, quantity = 1) {
  const { checkout, paid: order } = await buyAndPay(h, c, eventId, [{ tierId: "ga", quantity }]);
  return {
    id: order.body.id,
    token: checkout.body.orderToken,
    tickets: order.body.tickets,
  } as PaidOrder;
}

describeEachKit(
  "tickets",
  { eventPrefix: "door" },
  ({ h, c, eventId, framework }) => {
    const scan = (code: string, key?: string) =>
      c.api("POST", "/admin/check-ins", { token: ADMIN, body: { code }, ...(key ? { key } : {}) });

    test("a paid ticket checks in once; a second scan answers already_checked_in with the first time", async () => {
      const order = await paidOrder(h, c, eventId, 2);
      const [ticket, other] = order.tickets;
      expect(ticket!.checkedInAt).toBeNull();
      const first = await scan(ticket!.code);
      expect(first.status).toBe(200);
      const admitted = z.parse(Ticket, first.body);
      expect(admitted).toMatchObject({ id: ticket!.id, code: ticket!.code, status: "valid" });
      expect(admitted.checkedInAt).not.toBeNull();
      const second = await scan(ticket!.code);
      expect(second.status).toBe(409);
      expect(second.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(second.body).toMatchObject({
        code: "already_checked_in",
        checkedInAt: admitted.checkedInAt,
      });
      // The buyer and the back office see the check-in; the order's other ticket is untouched.
      const buyer = await c.api("GET", `/orders/${order.id}`, { token: order.token });
      expect(buyer.body.tickets.map((t: Ticket) => t.checkedInAt)).toEqual([
        admitted.checkedInAt,
        null,
      ]);
      expect(buyer.body.status).toBe("paid");
      expect((await scan(other!.code)).status).toBe(200);
    });

    test("a check-in appends one timeline entry with the admin actor, none for a refused scan", async () => {
      const order = await paidOrder(h, c, eventId);
      const ticket = order.tickets[0]!;
      const first = await scan(ticket.code);
      await scan(ticket.code);
      const entries = await adminTimeline(c, order.id, "ticket.checked_in");
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: BOX_OFFICE,
        data: { ticketId: ticket.id, code: ticket.code, tierId: "ga" },
      });
      expect(entries[0]!.at).toBe(first.body.checkedInAt);
    });

    test("a retried scan with the same Idempotency-Key answers the first success again", async () => {
      const order = await paidOrder(h, c, eventId);
      const key = `scan-${framework}-${order.id}`;
      const first = await scan(order.tickets[0]!.code, key);
      const retry = await scan(order.tickets[0]!.code, key);
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      const missing = await c.api("POST", "/admin/check-ins", {
        token: ADMIN,
        body: { code: order.tickets[0]!.code },
        key: null,
      });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe("idempotency_key_required");
    });

    test("a voided ticket cannot be checked in", async () => {
      const order = await paidOrder(h, c, eventId, 2);
      const [voided, valid] = order.tickets;
      // No refund route exists yet: void the ticket as a refund naming it will.
      await h.db.store.query("update admit_tickets set status = 'voided' where id = $1", [
        voided!.id,
      ]);
      const refused = await scan(voided!.code);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe("ticket_not_valid");
      expect((await scan(valid!.code)).status).toBe(200);
      const [row] = await h.db.store.query<{ checked_in_at: Date | null }>(
        "select checked_in_at from admit_tickets where id = $1",
        [voided!.id],
      );
      expect(row!.checked_in_at).toBeNull();
    });

    test("only tickets of paid or partially refunded orders admit", async () => {
      // Tickets are issued only when an order becomes paid, so an order still waiting for
      // payment has none to scan; an order that left paid (refunded, cancelled) keeps them.
      const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
      expect(checkout.body.order.status).toBe("pending_payment");
      expect(checkout.body.order.tickets).toEqual([]);
      const setStatus = (id: string, status: string) =>
        h.db.store.query("update admit_orders set status = $2 where id = $1", [id, status]);
      for (const status of ["refunded", "cancelled", "manual_review"]) {
        const order = await paidOrder(h, c, eventId);
        await setStatus(order.id, status);
        const refused = await scan(order.tickets[0]!.code);
        expect(refused.status, status).toBe(409);
        expect(refused.body.code).toBe("ticket_not_valid");
        expect(refused.body.detail).toContain(status);
      }
      const partly = await paidOrder(h, c, eventId);
      await setStatus(partly.id, "partially_refunded");
      expect((await scan(partly.tickets[0]!.code)).status).toBe(200);
    });

    test("an unknown code answers 404; a bad body 422; admin auth is required", async () => {
      const unknown = await scan("NOSUCHCODE");
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe("not_found");
      for (const body of [{}, { code: "" }, { code: "   " }, { code: 42 }, "{not json"]) {
        const bad = await c.api("POST", "/admin/check-ins", { token: ADMIN, body });
        expect(bad.status, JSON.stringify(body)).toBe(422);
        expect(bad.body.code).toBe("invalid_request");
      }
      const { tickets } = await paidOrder(h, c, eventId);
      const code = tickets[0]!.code;
      const anonymous = await c.api("POST", "/admin/check-ins", { body: { code } });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe("unauthorized");
      const intern = await c.api("POST", "/admin/check-ins", { token: "intern", body: { code } });
      expect(intern.status).toBe(403);
      expect(intern.body.code).toBe("forbidden");
      // A buyer's order token is no admin credential either.
      const buyer = await c.api("POST", "/admin/check-ins", {
        token: "x".repeat(43),
        body: { code },
      });
      expect(buyer.status).toBe(401);
      // None of the refused requests admitted the ticket.
      expect((await scan(code)).status).toBe(200);
    });

    test("an attendee change shows to the buyer and the back office and keeps old and new on the timeline", async () => {
      const order = await paidOrder(h, c, eventId, 2);
      const [ticket, other] = order.tickets;
      const before = await c.api("GET", `/admin/orders/${order.id}`, { token: ADMIN });
      const changed = await c.api("PATCH", `/admin/tickets/${ticket!.id}/attendee`, {
        token: ADMIN,
        body: { name: "  Grace Hopper ", email: "grace@example.com", reason: "Ticket given away" },
      });
      expect(changed.status).toBe(200);
      expect(z.parse(Ticket, changed.body)).toMatchObject({
        id: ticket!.id,
        code: ticket!.code,
        attendee: { name: "Grace Hopper", email: "grace@example.com" },
      });
      const admin = await c.api("GET", `/admin/orders/${order.id}`, { token: ADMIN });
      const buyer = await c.api("GET", `/orders/${order.id}`, { token: order.token });
      for (const view of [admin.body, buyer.body])
        expect(view.tickets.map((t: Ticket) => t.attendee)).toEqual([
          { name: "Grace Hopper", email: "grace@example.com" },
          other!.attendee,
        ]);
      const entries = await adminTimeline(c, order.id, "ticket.attendee_changed");
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: BOX_OFFICE,
        reason: "Ticket given away",
        data: {
          ticketId: ticket!.id,
          from: { name: "Ada Lovelace", email: "ada@example.com" },
          to: { name: "Grace Hopper", email: "grace@example.com" },
        },
      });
      // The order's updatedAt moves, so a sync by `updatedFrom` picks the change up.
      expect(admin.body.updatedAt).toBe(entries[0]!.at);
      expect(admin.body.updatedAt > before.body.updatedAt).toBe(true);
    });

    test("an attendee change without an e-mail removes the previous attendee's", async () => {
      const order = await paidOrder(h, c, eventId);
      const ticket = order.tickets[0]!;
      const changed = await c.api("PATCH", `/admin/tickets/${ticket.id}/attendee`, {
        token: ADMIN,
        body: { name: "Alan Turing", reason: "Colleague attends" },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.attendee).toEqual({ name: "Alan Turing" });
      const [entry] = await adminTimeline(c, order.id, "ticket.attendee_changed");
      expect(entry!.data.to).toEqual({ name: "Alan Turing", email: null });
      const buyer = await c.api("GET", `/orders/${order.id}`, { token: order.token });
      expect(buyer.body.tickets[0].attendee).toEqual({ name: "Alan Turing" });
    });

    test("an attendee change: unknown ticket 404, voided 409, bad body 422, admin only", async () => {
      const order = await paidOrder(h, c, eventId);
      const id = order.tickets[0]!.id;
      const patch = (ticketId: string, body: unknown, token = ADMIN) =>
        c.api("PATCH", `/admin/tickets/${ticketId}/attendee`, { token, body });
      const good = { name: "Grace", reason: "Swap" };
      for (const ticketId of ["tkt_000000000000000000000000", "ord_000000000000000000000000"]) {
        const unknown = await patch(ticketId, good);
        expect(unknown.status).toBe(404);
        expect(unknown.body.code).toBe("not_found");
      }
      for (const body of [
        { reason: "Swap" },
        { name: "", reason: "Swap" },
        { name: "Grace" },
        { name: "Grace", reason: " " },
        { name: "Grace", email: "not-an-email", reason: "Swap" },
      ]) {
        const bad = await patch(id, body);
        expect(bad.status, JSON.stringify(body)).toBe(422);
        expect(bad.body.code).toBe("invalid_request");
      }
      const badFields = await patch(id, { name: "", email: "x", reason: "" });
      expect(badFields.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "email",
        "name",
        "reason",
      ]);
      expect((await patch(id, good, "")).status).toBe(401);
      expect((await patch(id, good, "intern")).status).toBe(403);
      const noKey = await c.api("PATCH", `/admin/tickets/${id}/attendee`, {
        token: ADMIN,
        body: good,
        key: null,
      });
      expect(noKey.status).toBe(400);
      expect(noKey.body.code).toBe("idempotency_key_required");
      // Nothing above changed the ticket or wrote the timeline.
      expect(await adminTimeline(c, order.id, "ticket.attendee_changed")).toEqual([]);
      await h.db.store.query("update admit_tickets set status = 'voided' where id = $1", [id]);
      const voided = await patch(id, good);
      expect(voided.status).toBe(409);
      expect(voided.body.code).toBe("ticket_not_valid");
      const buyer = await c.api("GET", `/orders/${order.id}`, { token: order.token });
      expect(buyer.body.tickets[0].attendee.name).toBe("Ada Lovelace");
    });
  },
  ({ h }) => {
    test("the admin client's checkIn and changeAttendee match the kit's answers", async () => {
      const c = h.via.express;
      await c.createEvent("door-client");
      const order = await paidOrder(h, c, "door-client");
      const ticket = order.tickets[0]!;
      const admin = createAdmitAdminClient({ baseUrl: c.baseUrl, token: ADMIN });
      const renamed = await admin.changeAttendee(ticket.id, { name: "Grace", reason: "Swap" });
      expect(renamed.attendee).toEqual({ name: "Grace" });
      const admitted = await admin.checkIn({ code: ticket.code });
      expect(admitted).toMatchObject({ id: ticket.id, attendee: { name: "Grace" } });
      expect(admitted.checkedInAt).not.toBeNull();
      const again = await admin.checkIn({ code: ticket.code }).catch((error: unknown) => error);
      expect(isAdmitApiError(again, "already_checked_in")).toBe(true);
      expect((again as { problem: { checkedInAt?: string } }).problem.checkedInAt).toBe(
        admitted.checkedInAt,
      );
    });
  },
);

// Concurrency: scans of one code at the same instant, from separate processes.
const PROCESSES = 4;
const SCANS_PER_CODE = 8;
const CODES = 10;

/**
 * `PROCESSES` kits, each with its own connection pool on the harness's database (as separate
 * door devices talking to separate server processes would be), scan every code of `codes`
 * `SCANS_PER_CODE` times at once. Answers the number of successful scans per code.
 */
async function scanRace(h: Harness, codes: readonly string[], unsafe: boolean) {
  const kits: Admit[] = Array.from({ length: PROCESSES }, () =>
    createAdmit({
      store: h.db.connect({ max: SCANS_PER_CODE }),
      providers: [
        sandboxProvider({ url: h.sandboxUrl, apiKey: "sk_test", webhookSecret: h.webhookSecret }),
      ],
      authorize: testAuthorize,
      unsafeDisableCheckInGuard: unsafe,
    }),
  );
  // Warm every pool so the race is between open connections, not between connects.
  await Promise.all(
    kits.flatMap((k) =>
      Array.from({ length: SCANS_PER_CODE }, () =>
        kitRequest(k, "GET", "/admin/orders?limit=1", { token: ADMIN }),
      ),
    ),
  );
  const successes: number[] = [];
  for (const code of codes) {
    const answers = await Promise.all(
      Array.from({ length: SCANS_PER_CODE }, (_, i) =>
        kitRequest(kits[i % PROCESSES]!, "POST", "/admin/check-ins", {
          token: ADMIN,
          body: { code },
        }),
      ),
    );
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(409);
      expect(a.body.code).toBe("already_checked_in");
    }
    successes.push(answers.filter((a) => a.status === 200).length);
  }
  await Promise.all(kits.map((k) => k.close()));
  return successes;
}

describe("check-in is atomic across processes (real PostgreSQL)", () => {
  let h: Harness;
  let c: KitClient;
  beforeAll(async () => {
    h = await startHarness({ store: "postgres" });
    c = h.via.express;
    await c.createEvent("door-race");
  });
  afterAll(() => h?.close());

  test("simultaneous scans of one code from separate connections admit it exactly once", async () => {
    const order = await paidOrder(h, c, "door-race", CODES);
    const successes = await scanRace(
      h,
      order.tickets.map((t) => t.code),
      false,
    );
    expect(successes).toEqual(Array(CODES).fill(1));
    const [row] = await h.db.store.query<{ entries: number }>(
      "select count(*)::int as entries from admit_timeline where order_id = $1 and type = 'ticket.checked_in'",
      [order.id],
    );
    expect(row!.entries).toBe(CODES);
  });

  test("control: the same race with the guard switched off admits some ticket twice", async () => {
    // A race test that cannot fail proves nothing: with a read-then-write check-in, at least
    // one code must be admitted more than once.
    let admittedTwice = 0;
    for (let round = 0; round < 3 && admittedTwice === 0; round++) {
      const order = await paidOrder(h, c, "door-race", CODES);
      const successes = await scanRace(
        h,
        order.tickets.map((t) => t.code),
        true,
      );
      admittedTwice += successes.filter((n) => n > 1).length;
    }
    expect(admittedTwice).toBeGreaterThan(0);
  });
});

describe("check-in on PGlite (one process)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store: "pglite" });
  });
  afterAll(() => h?.close());

  test("simultaneous scans of one code through both frameworks admit it exactly once", async () => {
    await h.via.express.createEvent("door-solo");
    const order = await paidOrder(h, h.via.express, "door-solo");
    const answers = await Promise.all(
      Array.from({ length: SCANS_PER_CODE }, (_, i) =>
        h.via[FRAMEWORKS[i % 2]!].api("POST", "/admin/check-ins", {
          token: ADMIN,
          body: { code: order.tickets[0]!.code },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.code === "already_checked_in")).toHaveLength(
      SCANS_PER_CODE - 1,
    );
  });
});
