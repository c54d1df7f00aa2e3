import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAdmit } from "../../create-admit.js";
import { type PaymentProvider, PaymentProviderError } from "../../providers/payment-provider.js";
import { sandboxProvider } from "../../providers/sandbox/sandbox-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../../testing/kit-request.js";
import { sandboxPayment } from "../../testing/signed-webhook.js";
import { type Harness, type KitClient, startHarness } from "../../testing/test-harness.js";
import { createTestDatabase, STORE_KINDS, TEST_DATABASE_URL } from "../../testing/test-stores.js";
import type { OrderNotification } from "../notifications/notification-types.js";

describe.each(STORE_KINDS)("payment lifecycle on %s", (store) => {
  let h: Harness;
  let c: KitClient;
  const heard: OrderNotification[] = [];
  let failHook = false;
  beforeAll(async () => {
    h = await startHarness({
      store,
      webhooks: false,
      captureMode: "manual",
      kit: {
        onOrderEvent: (event) => {
          if (failHook) throw new Error("host is down");
          heard.push(event);
        },
      },
    });
    c = h.via.express;
  });
  afterAll(() => h?.close());

  let n = 0;
  async function pendingOrder(capacity = 10, quantity = 1) {
    const eventId = `life-${++n}`;
    await c.createEvent(eventId, {
      tiers: [{ id: "ga", name: "GA", price: { amount: 3000, currency: "EUR" }, capacity }],
    });
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity }]);
    const admin = await c.api("GET", `/admin/orders/${checkout.body.order.id}`, {
      token: "admin-secret",
    });
    return {
      eventId,
      checkout: checkout.body,
      reference: admin.body.payments[0].providerReference as string,
    };
  }
  const status = async (id: string) =>
    (await c.api("GET", `/admin/orders/${id}`, { token: "admin-secret" })).body.status;

  test("two-step: the kit captures an authorization only after the capacity re-check", async () => {
    const p = await pendingOrder();
    await h.choose(p.checkout.paymentUrl, "pay");
    expect((await sandboxPayment(h, p.reference)).status).toBe("authorized");
    expect(await h.admit.reconcilePending()).toBeGreaterThanOrEqual(1);
    expect(await status(p.checkout.order.id)).toBe("paid");
    expect((await sandboxPayment(h, p.reference)).status).toBe("captured");
  });

  test("two-step: without seats the authorization is voided, never captured", async () => {
    const p = await pendingOrder(1, 1);
    await h.choose(p.checkout.paymentUrl, "pay");
    await h.db.store.query(
      "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
      [p.checkout.order.id],
    );
    await h.db.store.query(
      "update admit_holds set expires_at = now() - interval '1 second' where id = (select hold_id from admit_orders where id = $1)",
      [p.checkout.order.id],
    );
    expect(
      (
        await c.api("POST", "/holds", {
          body: { eventId: p.eventId, items: [{ tierId: "ga", quantity: 1 }] },
        })
      ).status,
    ).toBe(201);
    await h.admit.reconcilePending();
    expect(await status(p.checkout.order.id)).toBe("expired");
    expect((await sandboxPayment(h, p.reference)).status).toBe("voided");
  });

  test("reconcilePending expires pending orders whose window is over", async () => {
    const p = await pendingOrder();
    await h.db.store.query(
      "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
      [p.checkout.order.id],
    );
    await h.admit.reconcilePending();
    expect(await status(p.checkout.order.id)).toBe("expired");
  });

  test("onOrderEvent hears every status change after commit, and a failing hook is retried", async () => {
    const p = await pendingOrder();
    const id = p.checkout.order.id;
    await h.admit.reconcilePending();
    expect(heard.filter((e) => e.orderId === id).map((e) => e.status)).toEqual(["pending_payment"]);
    failHook = true;
    await h.choose(p.checkout.paymentUrl, "pay");
    await h.admit.reconcilePending();
    expect(await status(id)).toBe("paid");
    expect(heard.filter((e) => e.orderId === id).map((e) => e.status)).toEqual(["pending_payment"]);
    failHook = false;
    await h.db.store.query(
      "update admit_order_notifications set claimed_until = null where order_id = $1",
      [id],
    );
    await h.admit.reconcilePending();
    const paid = heard.find((e) => e.orderId === id && e.status === "paid");
    expect(paid).toMatchObject({
      amount: 3000,
      currency: "EUR",
      providerReference: p.reference,
      reference: null,
    });
    expect(paid?.paidAt).toMatch(/Z$/);
  });

  test("provider unreachable at checkout: 502, nothing half-created, and the retry succeeds", async () => {
    const real = sandboxProvider({
      url: h.sandboxUrl,
      apiKey: "sk_test",
      webhookSecret: h.webhookSecret,
    });
    let down = true;
    const flaky: PaymentProvider = {
      ...real,
      name: real.name,
      captureMode: real.captureMode,
      createPayment: (input, options) =>
        down
          ? Promise.reject(new PaymentProviderError("connect ECONNREFUSED"))
          : real.createPayment(input, options),
    };
    const admit = createAdmit({
      store: h.db.store,
      providers: [flaky],
      authorize: testAuthorize,
      onError: () => {},
    });
    await createEventDirect(admit, `flaky-${store}`, { capacity: 5 });
    const hold = await kitRequest(admit, "POST", "/holds", {
      body: { eventId: `flaky-${store}`, items: [{ tierId: "ga", quantity: 1 }] },
    });
    const body = {
      buyer: { name: "Ada", email: "ada@example.com" },
      returnUrl: "http://kit.test/done",
    };
    const failed = await kitRequest(admit, "POST", `/holds/${hold.body.id}/checkout`, {
      token: hold.body.token,
      body,
      key: "k1",
    });
    expect(failed.status).toBe(502);
    expect(failed.body.code).toBe("provider_unavailable");
    expect(
      await h.db.store.query("select 1 from admit_orders where hold_id = $1", [hold.body.id]),
    ).toEqual([]);
    down = false;
    const retried = await kitRequest(admit, "POST", `/holds/${hold.body.id}/checkout`, {
      token: hold.body.token,
      body,
      key: "k1",
    });
    expect(retried.status).toBe(201);
  });
});

describe("lock timeouts on real PostgreSQL", () => {
  test("a hold that waits too long for a tier lock answers 503 busy with Retry-After and changes nothing", async () => {
    const db = await createTestDatabase("postgres");
    const admit = createAdmit({
      store: db.connect({ lockTimeoutMs: 200 }),
      providers: [{ name: "none" } as PaymentProvider],
      authorize: testAuthorize,
    });
    await createEventDirect(admit, "busy", { capacity: 5 });
    const schema = (await db.store.query<{ s: string }>("select current_schema() as s"))[0]!.s;
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query(`select * from ${schema}.admit_tiers where event_id = 'busy' for update`);
      const response = await admit.handle(
        new Request("http://kit.test/holds", {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": "busy-1" },
          body: JSON.stringify({ eventId: "busy", items: [{ tierId: "ga", quantity: 1 }] }),
        }),
        { clientIp: "192.0.2.50" },
      );
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect((await response.json()).code).toBe("busy");
      expect(await db.store.query("select 1 from admit_holds")).toEqual([]);
    } finally {
      await blocker.query("rollback");
      await blocker.end();
      await admit.close();
      await db.drop();
    }
  });
});
