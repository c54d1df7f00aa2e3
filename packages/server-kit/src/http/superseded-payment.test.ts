import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sandboxPayment } from "../testing/signed-webhook.js";
import { type Harness, type KitClient, startHarness } from "../testing/test-harness.js";
import { STORE_KINDS } from "../testing/test-stores.js";

const ADMIN = "admin-secret";

interface TimelineItem {
  type: string;
  data: Record<string, unknown>;
}

async function timeline(c: KitClient, orderId: string): Promise<TimelineItem[]> {
  const answer = await c.api("GET", `/admin/orders/${orderId}/timeline`, { token: ADMIN });
  return answer.body.items;
}

async function payments(c: KitClient, orderId: string): Promise<{ id: string; status: string }[]> {
  return (await c.api("GET", `/admin/orders/${orderId}`, { token: ADMIN })).body.payments;
}

/** Wait until the kit recorded the attempt `paymentId` as `status` (its webhook arrived). */
async function untilAttempt(c: KitClient, orderId: string, paymentId: string, status: string) {
  for (let i = 0; i < 100; i++) {
    if ((await payments(c, orderId)).find((p) => p.id === paymentId)?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${paymentId} never became ${status}`);
}

/**
 * A pending order, a second attempt on it, the second attempt paid: answers both attempts'
 * payment pages and ids. The sandbox cannot close the first one (it voids only authorizations).
 */
async function paidOnSecondAttempt(h: Harness, c: KitClient, eventId: string) {
  const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }]);
  const orderId: string = checkout.body.order.id;
  const token: string = checkout.body.orderToken;
  const second = await c.api("POST", `/orders/${orderId}/payments`, { token, body: {} });
  expect(second.status).toBe(201);
  const [first, latest] = await payments(c, orderId);
  await h.choose(second.body.paymentUrl, "pay");
  expect((await c.pollOrder(orderId, token, (s) => s === "paid")).body.status).toBe("paid");
  return {
    orderId,
    token,
    first: { id: first!.id, url: checkout.body.paymentUrl as string },
    second: { id: latest!.id },
  };
}

describe.each(STORE_KINDS)("a superseded payment attempt on %s", (store) => {
  let h: Harness;
  const errors: unknown[] = [];
  beforeAll(async () => {
    h = await startHarness({ store, kit: { onError: (error) => void errors.push(error) } });
    await h.via.express.createEvent("superseded");
  });
  afterAll(() => h?.close());

  test("a new attempt on a pending order closes the previous one at the provider, or records that it could not", async () => {
    const c = h.via.express;
    const { checkout } = await c.buy("superseded", [{ tierId: "ga", quantity: 1 }]);
    const orderId = checkout.body.order.id;
    const second = await c.api("POST", `/orders/${orderId}/payments`, {
      token: checkout.body.orderToken,
      body: {},
    });
    expect(second.status).toBe(201);
    expect(second.body.order.status).toBe("pending_payment");
    const [first] = await payments(c, orderId);
    const leftOpen = (await timeline(c, orderId)).filter((e) => e.type === "payment.left_open");
    expect(leftOpen).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ paymentId: first!.id, failure: "payment_not_voidable" }),
      }),
    ]);
  });

  test("a payment that still arrives on a superseded attempt of a paid order is flagged (timeline, onError, reconciliation); the order stays paid", async () => {
    const c = h.via.express;
    const order = await paidOnSecondAttempt(h, c, "superseded");
    errors.length = 0;
    await h.choose(order.first.url, "pay");
    await untilAttempt(c, order.orderId, order.first.id, "captured");
    const paid = await c.api("GET", `/orders/${order.orderId}`, { token: order.token });
    expect(paid.body.status).toBe("paid");
    expect(paid.body.tickets).toHaveLength(2);
    const items = await timeline(c, order.orderId);
    expect(items.filter((e) => e.type === "order.paid")).toHaveLength(1);
    expect(items.filter((e) => e.type === "payment.extra")).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ paymentId: order.first.id, orderStatus: "paid" }),
      }),
    ]);
    expect(errors.map(String)).toEqual([expect.stringContaining(order.first.id)]);
    const report = await c.api("GET", "/admin/events/superseded/reconciliation", { token: ADMIN });
    expect(report.body.mismatches).toEqual([
      expect.objectContaining({
        kind: "amount_mismatch",
        orderId: order.orderId,
        paymentId: order.first.id,
      }),
    ]);
  });
});

describe("a superseded two-step payment attempt", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store: "pglite", captureMode: "manual" });
    await h.via.express.createEvent("superseded-manual");
  });
  afterAll(() => h?.close());

  test("an authorization that still arrives on a superseded attempt of a paid order is voided, never captured", async () => {
    const c = h.via.express;
    const order = await paidOnSecondAttempt(h, c, "superseded-manual");
    await h.choose(order.first.url, "pay");
    await untilAttempt(c, order.orderId, order.first.id, "voided");
    const admin = await c.api("GET", `/admin/orders/${order.orderId}`, { token: ADMIN });
    expect(admin.body.status).toBe("paid");
    const reference = admin.body.payments[0].providerReference;
    expect((await sandboxPayment(h, reference)).status).toBe("voided");
    const report = await c.api("GET", "/admin/events/superseded-manual/reconciliation", {
      token: ADMIN,
    });
    expect(report.body.mismatches).toEqual([]);
  });
});
