import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sandboxPayment } from "../../testing/signed-webhook.js";
import { type Harness, type KitClient, startHarness } from "../../testing/test-harness.js";
import { STORE_KINDS } from "../../testing/test-stores.js";
import { openOrdersToLookUp } from "./reconcile-pending.js";

// Webhooks are off: every payment here is one whose notification was lost, so only a provider
// lookup can find it. Lookups are throttled to one a minute per order.
describe.each(STORE_KINDS)("a lost webhook never loses a payment on %s", (store) => {
  let h: Harness;
  let c: KitClient;
  beforeAll(async () => {
    h = await startHarness({ store, webhooks: false, kit: { lookupAfterMs: 60_000 } });
    c = h.via.express;
  });
  afterAll(() => h?.close());

  let n = 0;
  /** A pending order of one seat that the buyer paid at the provider; nobody told the kit. */
  async function paidUnnoticed() {
    const eventId = `lost-${++n}`;
    await c.createEvent(eventId);
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
    const id = checkout.body.order.id as string;
    await h.choose(checkout.body.paymentUrl, "pay");
    const [attempt] = await h.db.store.query<{ provider_reference: string }>(
      "select provider_reference from admit_payment_attempts where order_id = $1",
      [id],
    );
    expect((await sandboxPayment(h, attempt!.provider_reference)).status).toBe("captured");
    return { id, token: checkout.body.orderToken as string };
  }
  const status = async (id: string) =>
    (await c.api("GET", `/admin/orders/${id}`, { token: "admin-secret" })).body.status;
  /** As if a decline had been notified before the buyer paid on the same page (Stripe allows it). */
  const declinedEarlier = (id: string) =>
    h.db.store.query(
      `with o as (update admit_orders set status = 'failed' where id = $1 returning id)
       update admit_payment_attempts set status = 'failed' where order_id = (select id from o)`,
      [id],
    );
  /** As if the order's window closed just after a (throttling) lookup that found nothing yet. */
  async function windowOverJustAfterLookup(id: string) {
    await h.db.store.query(
      `update admit_orders set expires_at = now() - interval '1 second',
         last_lookup_at = now() - interval '2 seconds' where id = $1`,
      [id],
    );
    await h.db.store.query(
      "update admit_holds set expires_at = now() - interval '1 second' where id = (select hold_id from admit_orders where id = $1)",
      [id],
    );
  }

  test("a failed order whose buyer then paid on the same attempt is found by reconciliation", async () => {
    const order = await paidUnnoticed();
    await declinedEarlier(order.id);
    await h.admit.reconcilePending();
    expect(await status(order.id)).toBe("paid");
  });

  test("a failed order whose buyer then paid on the same attempt is found by the buyer's poll", async () => {
    const order = await paidUnnoticed();
    await declinedEarlier(order.id);
    await h.db.store.query(
      "update admit_payment_attempts set created_at = now() - interval '2 minutes' where order_id = $1",
      [order.id],
    );
    const polled = await c.api("GET", `/orders/${order.id}`, { token: order.token });
    expect(polled.body.status).toBe("paid");
  });

  test("reconciliation looks an order up once more before expiring it, whatever the throttle", async () => {
    const order = await paidUnnoticed();
    await windowOverJustAfterLookup(order.id);
    await h.admit.reconcilePending();
    expect(await status(order.id)).toBe("paid");
  });

  test("the buyer's poll looks an order up once more before expiring it, whatever the throttle", async () => {
    const order = await paidUnnoticed();
    await windowOverJustAfterLookup(order.id);
    const polled = await c.api("GET", `/orders/${order.id}`, { token: order.token });
    expect(polled.body.status).toBe("paid");
  });

  test("an order whose final lookup cannot reach the provider is not expired until one answers", async () => {
    const eventId = `lost-${++n}`;
    await c.createEvent(eventId);
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
    const id = checkout.body.order.id as string;
    await windowOverJustAfterLookup(id);
    const real = await h.db.store.query<{ provider_reference: string }>(
      "select provider_reference from admit_payment_attempts where order_id = $1",
      [id],
    );
    await h.db.store.query(
      "update admit_payment_attempts set provider_reference = 'unknown_at_provider' where order_id = $1",
      [id],
    );
    await h.admit.reconcilePending();
    expect(await status(id)).toBe("pending_payment");
    await h.db.store.query(
      "update admit_payment_attempts set provider_reference = $2 where order_id = $1",
      [id, real[0]!.provider_reference],
    );
    await h.db.store.query(
      "update admit_orders set last_lookup_at = now() - interval '2 minutes' where id = $1",
      [id],
    );
    await h.admit.reconcilePending();
    expect(await status(id)).toBe("expired");
  });

  test("reconciliation takes turns: the orders looked up longest ago come first, never the same batch", async () => {
    const eventId = `lost-${++n}`;
    await c.createEvent(eventId);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await c.buy(eventId, [{ tierId: "ga", quantity: 1 }])).checkout.body.order.id);
    // Every other open order was just looked up; the first two also have the oldest updated_at.
    await h.db.store.query(
      `update admit_orders set last_lookup_at = now() where status in ('pending_payment', 'failed')`,
    );
    await h.db.store.query(
      `update admit_orders set last_lookup_at = now() - interval '1 minute',
         updated_at = now() - interval '1 day' where id = any($1::text[])`,
      [ids.slice(0, 2)],
    );
    await h.db.store.query(
      `update admit_orders set last_lookup_at = null, updated_at = now() where id = $1`,
      [ids[2]],
    );
    expect(await openOrdersToLookUp(h.db.store, 2)).toEqual([ids[2], ids[0]]);
  });
});
