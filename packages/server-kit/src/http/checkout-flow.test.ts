import { Checkout, Event, Hold, OrderStatus, Problem } from "@admit/client/contract";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { type Harness, MATRIX, startHarness } from "../testing/test-harness.js";

describe.each(MATRIX)("checkout flow ($name)", ({ store, framework }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store, framework });
    await h.createEvent("gala");
  });
  afterAll(() => h?.close());

  test("the event answers live availability in the contract's shape", async () => {
    const answer = await h.api("GET", "/events/gala");
    expect(answer.status).toBe(200);
    const event = z.parse(Event, answer.body);
    expect(event.tiers.map((t) => [t.id, t.remaining, t.availability])).toEqual([
      ["ga", 100, "available"],
      ["vip", 2, "available"],
    ]);
  });

  test("a hold takes seats at once and releasing it gives them back", async () => {
    const hold = await h.api("POST", "/holds", {
      body: { eventId: "gala", items: [{ tierId: "vip", quantity: 2 }] },
    });
    expect(hold.status).toBe(201);
    z.parse(Hold, hold.body);
    expect(hold.body.total).toEqual({ amount: 24000, currency: "EUR" });
    const during = await h.api("GET", "/events/gala");
    expect(during.body.tiers[1]).toMatchObject({ remaining: 0, availability: "sold_out" });
    const soldOut = await h.api("POST", "/holds", {
      body: { eventId: "gala", items: [{ tierId: "vip", quantity: 1 }] },
    });
    expect(soldOut.status).toBe(409);
    expect(soldOut.body).toMatchObject({
      code: "sold_out",
      tiers: [{ tierId: "vip", remaining: 0 }],
    });
    expect(
      (await h.api("DELETE", `/holds/${hold.body.id}`, { token: hold.body.token })).status,
    ).toBe(204);
    const after = await h.api("GET", "/events/gala");
    expect(after.body.tiers[1]).toMatchObject({ remaining: 2 });
    const read = await h.api("GET", `/holds/${hold.body.id}`, { token: hold.body.token });
    expect(read.body.status).toBe("released");
  });

  test("paying on the provider's page makes the order paid with tickets (webhook)", async () => {
    const { checkout } = await h.buy("gala", [{ tierId: "ga", quantity: 2 }]);
    expect(checkout.status).toBe(201);
    const body = z.parse(Checkout, checkout.body);
    expect(body.order.status).toBe("pending_payment");
    expect(body.order.total).toEqual({ amount: 9000, currency: "EUR" });
    expect(body.paymentExpiresAt).toBe(body.order.expiresAt);
    const back = await h.choose(body.paymentUrl, "pay");
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`${h.baseUrl}/return/${body.order.id}`);
    await h.sandbox.webhooksSettled();
    const order = await h.api("GET", `/orders/${body.order.id}`, { token: body.orderToken });
    z.parse(OrderStatus, order.body);
    expect(order.body.status).toBe("paid");
    expect(order.body.tickets).toHaveLength(2);
    expect(order.body.nextPollMs).toBe(0);
  });

  test("a declined payment fails the order and a new attempt on the same order can pay", async () => {
    const { checkout } = await h.buy("gala", [{ tierId: "ga", quantity: 1 }]);
    await h.choose(checkout.body.paymentUrl, "decline");
    const failed = await h.pollOrder(
      checkout.body.order.id,
      checkout.body.orderToken,
      (s) => s === "failed",
    );
    expect(failed.body.status).toBe("failed");
    const retry = await h.api("POST", `/orders/${checkout.body.order.id}/payments`, {
      token: checkout.body.orderToken,
      body: {},
    });
    expect(retry.status).toBe(201);
    expect(retry.body.order).toMatchObject({
      id: checkout.body.order.id,
      status: "pending_payment",
    });
    expect(retry.body.paymentUrl).not.toBe(checkout.body.paymentUrl);
    await h.choose(retry.body.paymentUrl, "pay");
    const paid = await h.pollOrder(
      checkout.body.order.id,
      checkout.body.orderToken,
      (s) => s === "paid",
    );
    expect(paid.body.status).toBe("paid");
    const again = await h.api("POST", `/orders/${checkout.body.order.id}/payments`, {
      token: checkout.body.orderToken,
      body: {},
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("order_not_payable");
  });

  test("problems are application/problem+json with the contract's shape", async () => {
    const answer = await h.api("GET", "/events/nope");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    z.parse(Problem, answer.body);
    expect(answer.body.code).toBe("not_found");
  });
});
