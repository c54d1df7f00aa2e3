import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { kitRequest } from "../testing/kit-request.js";
import { type MollieKit, startMollieKit } from "../testing/mollie-kit.js";
import { STORE_KINDS } from "../testing/test-stores.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const ADMIN = "admin-secret";
const form = (body: string) => ({
  rawBody: new TextEncoder().encode(body),
  headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }),
});

// PGlite through a real Fastify 5 mount, PostgreSQL through a real Express 5 mount.
describe.each(STORE_KINDS)("Mollie notifications through the kit on %s", (store) => {
  let kit: MollieKit;
  beforeAll(async () => {
    kit = await startMollieKit({
      store,
      eventId: `mollie-${store}`,
      framework: store === "postgres" ? "express" : "fastify",
    });
  });
  afterAll(() => kit?.close());

  const orderStatus = async (orderId: string, token: string) =>
    (await kitRequest(kit.admit, "GET", `/orders/${orderId}`, { token })).body.status as string;
  const lookupsOf = (reference: string) =>
    kit.mock.requests.filter((r) => r.method === "GET" && r.path === `/v2/payments/${reference}`)
      .length;

  test("checkout creates the Mollie payment with the kit's return and webhook URLs and its metadata", async () => {
    const order = await kit.pendingOrder();
    const sent = kit.mock.requests.findLast((r) => r.path === "/v2/payments")!;
    expect(sent.body).toMatchObject({
      amount: { currency: "EUR", value: "10.00" },
      redirectUrl: `https://tickets.example/admit/return/${order.orderId}`,
      webhookUrl: "https://tickets.example/admit/webhooks/mollie",
      metadata: { orderId: order.orderId, eventId: `mollie-${store}` },
    });
  });

  test("a paid payment's notification makes the order paid from the lookup; delivered again it changes nothing", async () => {
    const order = await kit.pendingOrder();
    expect(kit.mock.buyer(order.reference, "pay")).toBe("accepted");
    const notification = kit.mock.notifications.at(-1)!;
    expect(new TextDecoder().decode(notification.rawBody)).toBe(`id=${order.reference}`);
    const first = await kit.deliver(notification);
    expect(first).toMatchObject({ status: 200, body: { received: true, changed: true } });
    expect(await orderStatus(order.orderId, order.token)).toBe("paid");
    const again = await kit.deliver(notification);
    expect(again).toMatchObject({ status: 200, body: { changed: false } });
    const timeline = await kitRequest(kit.admit, "GET", `/admin/orders/${order.orderId}/timeline`, {
      token: ADMIN,
    });
    const types = timeline.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === "order.paid")).toHaveLength(1);
  });

  test("the same notification delivered three times at once pays the order once", async () => {
    const order = await kit.pendingOrder();
    kit.mock.buyer(order.reference, "pay");
    const notification = kit.mock.notifications.at(-1)!;
    const answers = await Promise.all([1, 2, 3].map(() => kit.deliver(notification)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.changed)).toHaveLength(1);
    const timeline = await kitRequest(kit.admit, "GET", `/admin/orders/${order.orderId}/timeline`, {
      token: ADMIN,
    });
    const types: string[] = timeline.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((t) => t === "order.paid")).toHaveLength(1);
    expect(types.filter((t) => t === "payment.captured")).toHaveLength(1);
  });

  test("a notification naming a Mollie payment the kit did not create changes nothing and is not looked up, while the kit's own is (control)", async () => {
    const foreign = kit.mock.foreignPayment({ currency: "EUR", value: "10.00" }, "paid");
    const answer = await kit.deliver(form(`id=${foreign}`));
    expect(answer).toMatchObject({ status: 200, body: { received: true, changed: false } });
    expect(lookupsOf(foreign)).toBe(0);
    const order = await kit.pendingOrder();
    kit.mock.buyer(order.reference, "pay");
    const own = await kit.deliver(form(`id=${order.reference}`));
    expect(own.body.changed).toBe(true);
    expect(lookupsOf(order.reference)).toBeGreaterThan(0);
  });

  test("an id unknown to Mollie and the kit answers 200 and changes nothing", async () => {
    const answer = await kit.deliver(form("id=tr_doesNotExist42"));
    expect(answer).toMatchObject({ status: 200, body: { changed: false } });
    expect(lookupsOf("tr_doesNotExist42")).toBe(0);
  });

  test("a forged body claiming paid for an open payment changes nothing: only the lookup's answer counts", async () => {
    const order = await kit.pendingOrder();
    const forged = await kit.deliver(
      form(`id=${order.reference}&status=paid&amount%5Bvalue%5D=10.00&amount%5Bcurrency%5D=EUR`),
    );
    expect(forged).toMatchObject({ status: 200, body: { changed: false } });
    expect(lookupsOf(order.reference)).toBe(1);
    expect(await orderStatus(order.orderId, order.token)).toBe("pending_payment");
    // Control: once Mollie says paid, the same kind of notification pays the order.
    kit.mock.buyer(order.reference, "pay");
    expect((await kit.deliver(form(`id=${order.reference}`))).body.changed).toBe(true);
    expect(await orderStatus(order.orderId, order.token)).toBe("paid");
  });

  test("a body that names no payment id answers 400 invalid_signature and changes nothing", async () => {
    const order = await kit.pendingOrder();
    kit.mock.buyer(order.reference, "pay");
    const json = await kit.deliver(form(JSON.stringify({ id: order.reference })));
    expect(json).toMatchObject({ status: 400, body: { code: "invalid_signature" } });
    const twice = await kit.deliver(form(`id=${order.reference}&id=${order.reference}`));
    expect(twice.status).toBe(400);
    expect(await orderStatus(order.orderId, order.token)).toBe("pending_payment");
    expect(lookupsOf(order.reference)).toBe(0);
    // Control: Mollie's own form post of the same payment pays the order.
    expect((await kit.deliver(form(`id=${order.reference}`))).body.changed).toBe(true);
  });

  test("a lookup that fails (Mollie unreachable, or 503) answers 502 so Mollie retries, and changes nothing; the redelivery pays", async () => {
    const order = await kit.pendingOrder();
    kit.mock.buyer(order.reference, "pay");
    const notification = kit.mock.notifications.at(-1)!;
    kit.server.use(
      http.get("https://api.mollie.com/v2/payments/:id", () => HttpResponse.error(), {
        once: true,
      }),
    );
    const unreachable = await kit.deliver(notification);
    expect(unreachable).toMatchObject({ status: 502, body: { code: "provider_unavailable" } });
    expect(await orderStatus(order.orderId, order.token)).toBe("pending_payment");
    // The client tries a 5xx three times; Retry-After: 0 keeps the test fast.
    kit.server.use(
      http.get("https://api.mollie.com/v2/payments/:id", () =>
        HttpResponse.json(
          { status: 503, title: "Service Unavailable", detail: "Try again later" },
          { status: 503, headers: { "retry-after": "0", "content-type": "application/hal+json" } },
        ),
      ),
    );
    const down = await kit.deliver(notification);
    expect(down.status).toBe(502);
    expect(await orderStatus(order.orderId, order.token)).toBe("pending_payment");
    kit.server.resetHandlers();
    const redelivered = await kit.deliver(notification);
    expect(redelivered).toMatchObject({ status: 200, body: { changed: true } });
    expect(await orderStatus(order.orderId, order.token)).toBe("paid");
  });

  test("partial and repeated refunds go to Mollie with their amounts, and the refunds' notifications change nothing more", async () => {
    const order = await kit.pendingOrder();
    kit.mock.buyer(order.reference, "pay");
    await kit.deliver(kit.mock.notifications.at(-1)!);
    const refund = (amount: number, reason: string) =>
      kitRequest(kit.admit, "POST", `/admin/orders/${order.orderId}/refunds`, {
        token: ADMIN,
        body: { amount: EUR(amount), reason },
      });
    const first = await refund(400, "late start");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "partially_refunded", refunded: EUR(400) });
    const sent = kit.mock.requests.findLast((r) => r.path.endsWith("/refunds"))!;
    expect(sent.body?.amount).toEqual({ currency: "EUR", value: "4.00" });
    // Mollie moves the refund on and notifies: the lookup agrees with what the kit recorded.
    const [mollieRefund] = kit.mock.refunds(order.reference);
    expect(mollieRefund).toMatchObject({ status: "pending", amount: { value: "4.00" } });
    kit.mock.settleRefund(mollieRefund!.id, "refunded");
    const processed = await kit.deliver(kit.mock.notifications.at(-1)!);
    expect(processed).toMatchObject({ status: 200, body: { changed: false } });
    expect(await orderStatus(order.orderId, order.token)).toBe("partially_refunded");
    const beyond = await refund(601, "too much");
    expect(beyond.status).toBe(409);
    const rest = await refund(600, "event cancelled");
    expect(rest.body).toMatchObject({ status: "refunded", refunded: EUR(1000) });
    for (const r of kit.mock.requests.filter((q) => q.path.endsWith("/refunds")))
      expect(r.idempotencyKey).toBeTruthy();
    const settled = await kit.deliver(form(`id=${order.reference}`));
    expect(settled.status).toBe(200);
    expect(await orderStatus(order.orderId, order.token)).toBe("refunded");
  });

  test("reconciliation lists the event's Mollie payments: a paid one no order knows is payment_without_order, the kit's own paid order is no mismatch (control)", async () => {
    const order = await kit.pendingOrder();
    kit.mock.buyer(order.reference, "pay");
    await kit.deliver(kit.mock.notifications.at(-1)!);
    const reconcile = async () =>
      (
        await kitRequest(kit.admit, "GET", `/admin/events/mollie-${store}/reconciliation`, {
          token: ADMIN,
        })
      ).body;
    const before = await reconcile();
    expect(before.mismatches).toEqual([]);
    // A payment made with the kit's metadata for this event that no local order knows.
    const stray = await kit.provider.createPayment(
      {
        paymentId: "pay_stray",
        orderId: "ord_stray",
        eventId: `mollie-${store}`,
        amount: EUR(1000),
        expiresAt: new Date(Date.now() + 600_000),
        returnUrl: "https://tickets.example/admit/return/ord_stray",
        description: "stray",
      },
      { idempotencyKey: `stray_${store}` },
    );
    kit.mock.buyer(stray.providerReference, "pay");
    const after = await reconcile();
    expect(after.mismatches).toEqual([
      expect.objectContaining({
        kind: "payment_without_order",
        providerReference: stray.providerReference,
      }),
    ]);
  });
});
