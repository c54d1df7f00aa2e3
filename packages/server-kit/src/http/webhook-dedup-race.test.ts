import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliverWebhook, sandboxPayment } from "../testing/signed-webhook.js";
import { type Harness, startHarness } from "../testing/test-harness.js";

const DELIVERIES = 10;

/**
 * A two-step payment authorized after its order's window closed while its seat went to someone
 * else: handling it voids the authorization and moves the order to `expired`, a state a
 * verified payment may still act on. So only the unique notification key keeps a redelivery of
 * that same notification from being handled again. The sandbox's own webhooks are off: the
 * test delivers the one notification `DELIVERIES` times at once, signed as the sandbox would.
 */
async function race(h: Harness, round: string) {
  const c = h.via.express;
  const eventId = `dedup-${round}`;
  await c.createEvent(eventId, {
    tiers: [{ id: "ga", name: "GA", price: { amount: 3000, currency: "EUR" }, capacity: 1 }],
  });
  const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
  const orderId = checkout.body.order.id as string;
  await h.choose(checkout.body.paymentUrl, "pay");
  await h.db.store.query(
    `update admit_holds set expires_at = now() - interval '1 second'
     where id = (select hold_id from admit_orders where id = $1)`,
    [orderId],
  );
  await h.db.store.query(
    "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
    [orderId],
  );
  const taken = await c.api("POST", "/holds", {
    body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
  });
  expect(taken.status).toBe(201);
  const [attempt] = await h.db.store.query<{ provider_reference: string }>(
    "select provider_reference from admit_payment_attempts where order_id = $1",
    [orderId],
  );
  const reference = attempt!.provider_reference;
  const payment = await sandboxPayment(h, reference);
  expect(payment.status).toBe("authorized");
  const notifications = async () =>
    (
      await h.db.store.query<{ n: number }>(
        "select count(*)::int as n from admit_order_notifications where order_id = $1",
        [orderId],
      )
    )[0]!.n;
  const before = await notifications();
  const id = `msg_dedup_${round}`;
  const answers = await Promise.all(
    Array.from({ length: DELIVERIES }, () => deliverWebhook(h, c, payment, { id })),
  );
  const timeline = (
    await c.api("GET", `/admin/orders/${orderId}/timeline`, { token: "admin-secret" })
  ).body.items as { type: string }[];
  const order = await c.api("GET", `/admin/orders/${orderId}`, { token: "admin-secret" });
  return {
    statuses: answers.map((a) => a.status),
    changed: answers.filter((a) => a.body?.changed).length,
    expiredEntries: timeline.filter((e) => e.type === "order.expired").length,
    voidedEntries: timeline.filter((e) => e.type === "payment.voided").length,
    notifications: (await notifications()) - before,
    orderStatus: order.body.status as string,
    providerStatus: (await sandboxPayment(h, reference)).status,
  };
}

describe("a provider notification is deduplicated by a unique key in the database (real PostgreSQL)", () => {
  let h: Harness;
  let unsafe: Harness;
  beforeAll(async () => {
    [h, unsafe] = await Promise.all([
      startHarness({ store: "postgres", webhooks: false, captureMode: "manual" }),
      startHarness({
        store: "postgres",
        webhooks: false,
        captureMode: "manual",
        kit: { unsafeDisableWebhookDedup: true },
      }),
    ]);
  });
  afterAll(() => Promise.all([h?.close(), unsafe?.close()]));

  test("the same notification delivered 10 times at once appends one timeline entry per change and one host notification", async () => {
    const result = await race(h, "safe");
    console.info(`webhook dedup race: ${JSON.stringify(result)}`);
    expect(result.statuses).toEqual(Array(DELIVERIES).fill(200));
    expect(result.changed).toBe(1);
    expect(result.orderStatus).toBe("expired");
    expect(result.providerStatus).toBe("voided");
    expect(result.voidedEntries).toBe(1);
    expect(result.expiredEntries).toBe(1);
    expect(result.notifications).toBe(1);
  });

  test("control: without the unique key the same deliveries record the order's change again", async () => {
    // The order lock and the monotonic statuses alone do not make this redelivery harmless.
    const result = await race(unsafe, "control");
    console.info(`webhook dedup race control: ${JSON.stringify(result)}`);
    expect(result.expiredEntries).toBeGreaterThan(1);
    expect(result.notifications).toBeGreaterThan(1);
  });
});
