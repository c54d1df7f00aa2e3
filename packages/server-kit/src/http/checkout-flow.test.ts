import { Checkout, Event, Hold, OrderStatus, Problem, WaitlistEntry } from "@admit/client/contract";
import { expect, test } from "vitest";
import * as z from "zod/mini";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { forwardedTo } from "../testing/sandbox-page.js";

describeEachKit("checkout flow", { eventPrefix: "gala" }, ({ h, c, eventId }) => {
  test("the event answers live availability in the contract's shape", async () => {
    const answer = await c.api("GET", `/events/${eventId}`);
    expect(answer.status).toBe(200);
    const event = z.parse(Event, answer.body);
    expect(event.tiers.map((t) => [t.id, t.remaining, t.availability])).toEqual([
      ["ga", 100, "available"],
      ["vip", 2, "available"],
    ]);
  });

  test("a hold takes seats at once and releasing it gives them back", async () => {
    const hold = await c.api("POST", "/holds", {
      body: { eventId, items: [{ tierId: "vip", quantity: 2 }] },
    });
    expect(hold.status).toBe(201);
    z.parse(Hold, hold.body);
    expect(hold.body.total).toEqual({ amount: 24000, currency: "EUR" });
    const during = await c.api("GET", `/events/${eventId}`);
    expect(during.body.tiers[1]).toMatchObject({ remaining: 0, availability: "sold_out" });
    const soldOut = await c.api("POST", "/holds", {
      body: { eventId, items: [{ tierId: "vip", quantity: 1 }] },
    });
    expect(soldOut.status).toBe(409);
    expect(soldOut.body).toMatchObject({
      code: "sold_out",
      tiers: [{ tierId: "vip", remaining: 0 }],
    });
    const waitlist = await c.api("POST", "/waitlist", {
      body: { eventId, tierId: "vip", email: "grace@example.com", quantity: 1 },
    });
    expect(waitlist.status).toBe(201);
    expect(z.parse(WaitlistEntry, waitlist.body).position).toBe(1);
    expect(
      (await c.api("DELETE", `/holds/${hold.body.id}`, { token: hold.body.token })).status,
    ).toBe(204);
    // The waiting entry is offered its seat first (a payment link holds it); one is on sale.
    const after = await c.api("GET", `/events/${eventId}`);
    expect(after.body.tiers[1]).toMatchObject({ remaining: 1 });
    const read = await c.api("GET", `/holds/${hold.body.id}`, { token: hold.body.token });
    expect(read.body.status).toBe("released");
  });

  test("the waitlist is only for sold-out tiers that have one", async () => {
    const open = await c.api("POST", "/waitlist", {
      body: { eventId, tierId: "vip", email: "grace@example.com", quantity: 1 },
    });
    expect(open.status).toBe(422);
    const noWaitlist = await c.api("POST", "/waitlist", {
      body: { eventId, tierId: "ga", email: "grace@example.com", quantity: 1 },
    });
    expect(noWaitlist.status).toBe(422);
    expect(noWaitlist.body.errors[0].path).toBe("tierId");
  });

  test("per-order min and max are enforced", async () => {
    const tooMany = await c.api("POST", "/holds", {
      body: { eventId, items: [{ tierId: "ga", quantity: 11 }] },
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe("limit_exceeded");
  });

  test("paying on the provider's page makes the order paid with tickets (webhook)", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }]);
    expect(checkout.status).toBe(201);
    const body = z.parse(Checkout, checkout.body);
    expect(body.order.status).toBe("pending_payment");
    expect(body.order.total).toEqual({ amount: 9000, currency: "EUR" });
    expect(body.paymentExpiresAt).toBe(body.order.expiresAt);
    const back = await h.choose(body.paymentUrl, "pay");
    expect(back.status).toBe(200);
    expect(await forwardedTo(back)).toBe(`${c.baseUrl}/return/${body.order.id}`);
    await h.sandbox.webhooksSettled();
    const order = await c.api("GET", `/orders/${body.order.id}`, { token: body.orderToken });
    z.parse(OrderStatus, order.body);
    expect(order.body.status).toBe("paid");
    expect(order.body.tickets).toHaveLength(2);
    expect(order.body.tickets[0].attendee).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
    });
    expect(order.body.nextPollMs).toBe(0);
  });

  test("a declined payment fails the order and a new attempt on the same order can pay", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
    const { id } = checkout.body.order;
    const token = checkout.body.orderToken;
    await h.choose(checkout.body.paymentUrl, "decline");
    const failed = await c.pollOrder(id, token, (s) => s === "failed");
    expect(failed.body.status).toBe("failed");
    const retry = await c.api("POST", `/orders/${id}/payments`, { token, body: {} });
    expect(retry.status).toBe(201);
    expect(retry.body.order).toMatchObject({ id, status: "pending_payment" });
    expect(retry.body.paymentUrl).not.toBe(checkout.body.paymentUrl);
    await h.choose(retry.body.paymentUrl, "pay");
    const paid = await c.pollOrder(id, token, (s) => s === "paid");
    expect(paid.body.status).toBe("paid");
    const again = await c.api("POST", `/orders/${id}/payments`, { token, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("order_not_payable");
    const admin = await c.api("GET", `/admin/orders/${id}`, { token: "admin-secret" });
    expect(admin.body.payments.map((p: { status: string }) => p.status)).toEqual([
      "failed",
      "captured",
    ]);
  });

  test("a new attempt is refused once the hold expired", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
    const { id } = checkout.body.order;
    const token = checkout.body.orderToken;
    await h.choose(checkout.body.paymentUrl, "decline");
    await c.pollOrder(id, token, (s) => s === "failed");
    await h.db.store.query(
      "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
      [id],
    );
    const retry = await c.api("POST", `/orders/${id}/payments`, { token, body: {} });
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe("order_not_payable");
  });

  test("checkout checks attendees against the hold when the event collects them", async () => {
    const named = `${eventId}-named`;
    await c.createEvent(named, { collectAttendees: true });
    const hold = await c.api("POST", "/holds", {
      body: { eventId: named, items: [{ tierId: "ga", quantity: 2 }] },
    });
    const base = {
      buyer: { name: "Ada", email: "ada@example.com" },
      returnUrl: `${new URL(c.baseUrl).origin}/thanks`,
    };
    const missing = await c.api("POST", `/holds/${hold.body.id}/checkout`, {
      token: hold.body.token,
      body: base,
    });
    expect(missing.status).toBe(422);
    const wrongTier = await c.api("POST", `/holds/${hold.body.id}/checkout`, {
      token: hold.body.token,
      body: {
        ...base,
        attendees: [
          { tierId: "ga", name: "A" },
          { tierId: "vip", name: "B" },
        ],
      },
    });
    expect(wrongTier.status).toBe(422);
    expect(wrongTier.body.errors).toEqual([
      { path: "attendees.1.tierId", message: "not a held ticket" },
    ]);
    const ok = await c.api("POST", `/holds/${hold.body.id}/checkout`, {
      token: hold.body.token,
      body: {
        ...base,
        attendees: [
          { tierId: "ga", name: "Ann" },
          { tierId: "ga", name: "Bob" },
        ],
      },
    });
    expect(ok.status).toBe(201);
    await h.choose(ok.body.paymentUrl, "pay");
    const paid = await c.pollOrder(ok.body.order.id, ok.body.orderToken, (s) => s === "paid");
    expect(paid.body.tickets.map((t: { attendee: { name: string } }) => t.attendee.name)).toEqual([
      "Ann",
      "Bob",
    ]);
  });

  test("returnUrl on a foreign origin is refused (no open redirect)", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }], {
      returnUrl: "https://evil.example/phish",
    });
    expect(checkout.status).toBe(422);
    expect(checkout.body.errors[0].path).toBe("returnUrl");
  });

  test("problems are application/problem+json with the contract's shape", async () => {
    const answer = await c.api("GET", "/events/nope");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    z.parse(Problem, answer.body);
    expect(answer.body.code).toBe("not_found");
  });
});
