import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../../create-admit.js";
import { verifyAdmitWebhook } from "../../crypto/verify-admit-webhook.js";
import type { PaymentProvider } from "../../providers/payment-provider.js";
import { generateWebhookSecret } from "../../providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "../../providers/sandbox/sandbox-provider.js";
import {
  type OutboundWebhookReceiver,
  startOutboundWebhookReceiver,
} from "../../testing/outbound-webhook-receiver.js";
import { forwardedTo } from "../../testing/sandbox-page.js";
import { type Harness, type KitClient, startHarness } from "../../testing/test-harness.js";
import { STORE_KINDS } from "../../testing/test-stores.js";

const ADMIN = "admin-secret";

interface EntryState {
  status: string;
  order_id: string | null;
}

describe.each(STORE_KINDS)("waitlist offers on %s", (store) => {
  let h: Harness;
  let c: KitClient;
  let receiver: OutboundWebhookReceiver;
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    receiver = await startOutboundWebhookReceiver();
    h = await startHarness({
      store,
      kit: { outboundWebhooks: [{ url: receiver.url, secret }] },
    });
    c = h.via.express;
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  /** Another kit on the same data (another process on PostgreSQL), with `options`. */
  function otherKit(
    options: Partial<Parameters<typeof createAdmit>[0]> = {},
    wrap: (provider: PaymentProvider) => PaymentProvider = (p) => p,
  ): Admit {
    return createAdmit({
      store: store === "postgres" ? h.db.connect() : h.db.store,
      providers: [
        wrap(
          sandboxProvider({ url: h.sandboxUrl, apiKey: "sk_test", webhookSecret: h.webhookSecret }),
        ),
      ],
      authorize: () => ({ id: "staff_1", name: "Box office" }),
      maxHeldSeatsPerClient: 10_000,
      rateLimit: { holdsPerMinute: 10_000, requestsPerMinute: 100_000 },
      lookupAfterMs: 0,
      publicUrl: c.baseUrl,
      onError: () => {},
      ...options,
    });
  }

  async function soldOutTier(eventId: string, capacity: number) {
    await c.createEvent(eventId, {
      tiers: [
        {
          id: "ga",
          name: "Standing",
          price: { amount: 4500, currency: "EUR" },
          capacity,
          waitlist: true,
        },
      ],
    });
  }

  async function hold(eventId: string, quantity: number, via: KitClient = c) {
    return via.api("POST", "/holds", { body: { eventId, items: [{ tierId: "ga", quantity }] } });
  }

  async function join(eventId: string, email: string, quantity = 1, name?: string) {
    const joined = await c.api("POST", "/waitlist", {
      body: { eventId, tierId: "ga", email, quantity, ...(name ? { name } : {}) },
    });
    expect(joined.status).toBe(201);
    return joined.body.id as string;
  }

  async function entry(id: string): Promise<EntryState> {
    const [row] = await h.db.store.query<EntryState>(
      "select status, order_id from admit_waitlist where id = $1",
      [id],
    );
    return row!;
  }

  async function offerLink(orderId: string) {
    const [link] = await h.db.store.query<{ id: string; url: string }>(
      "select id, url from admit_payment_links where order_id = $1 and status = 'active'",
      [orderId],
    );
    return link!;
  }

  async function timelineTypes(orderId: string): Promise<string[]> {
    const answer = await c.api("GET", `/admin/orders/${orderId}/timeline`, { token: ADMIN });
    return answer.body.items.map((i: { type: string }) => i.type);
  }

  test("a released seat of a sold-out tier goes to the waitlist, not to the next buyer; paying the offer claims it", async () => {
    await soldOutTier("wl-first", 1);
    const first = await hold("wl-first", 1);
    expect(first.status).toBe(201);
    const id = await join("wl-first", "ada@example.com", 1, "Ada Lovelace");
    expect((await entry(id)).status).toBe("waiting");

    const released = await c.api("DELETE", `/holds/${first.body.id}`, { token: first.body.token });
    expect(released.status).toBe(204);
    const refused = await hold("wl-first", 1);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("sold_out");
    const view = await c.api("GET", "/events/wl-first");
    expect(view.body.tiers[0]).toMatchObject({ availability: "sold_out", remaining: 0 });

    const offered = await entry(id);
    expect(offered.status).toBe("offered");
    const order = await c.api("GET", `/admin/orders/${offered.order_id}`, { token: ADMIN });
    expect(order.body).toMatchObject({
      status: "pending_payment",
      buyer: { name: "Ada Lovelace", email: "ada@example.com" },
      total: { amount: 4500, currency: "EUR" },
    });
    const link = await offerLink(offered.order_id!);
    expect(await forwardedTo(await h.choose(link.url, "pay"))).toContain("/return/");
    await h.admit.reconcilePending(); // the lookup applies the payment if the webhook did not yet
    const paid = await c.api("GET", `/admin/orders/${offered.order_id}`, { token: ADMIN });
    expect(paid.body.status).toBe("paid");
    expect(paid.body.tickets).toHaveLength(1);
    expect(await entry(id)).toMatchObject({ status: "claimed", order_id: offered.order_id });
    const types = await timelineTypes(offered.order_id!);
    expect(types).toContain("waitlist.offered");
    expect(types).toContain("waitlist.claimed");

    // The organizer heard of the offer through the signed webhook, with what it needs to e-mail.
    const webhook = receiver.received.find(
      (w) => w.event.type === "waitlist.offered" && w.event.data.orderId === offered.order_id,
    );
    expect(webhook).toBeDefined();
    expect(verifyAdmitWebhook(webhook!.rawBody, webhook!.headers, secret)).toEqual(webhook!.event);
    expect(webhook!.event.data).toEqual({
      waitlistId: id,
      eventId: "wl-first",
      tierId: "ga",
      email: "ada@example.com",
      name: "Ada Lovelace",
      quantity: 1,
      orderId: offered.order_id,
      paymentUrl: link.url,
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // 24 h by default (the sandbox has no shorter limit).
    const offerEnds = Date.parse((webhook!.event.data as { expiresAt: string }).expiresAt);
    expect(offerEnds - Date.parse(order.body.createdAt)).toBeGreaterThan(23 * 3_600_000);
  });

  test("a seat freed by expiry is kept for the waitlist until reconcilePending offers it", async () => {
    await soldOutTier("wl-expiry", 1);
    const first = await hold("wl-expiry", 1);
    const id = await join("wl-expiry", "bob@example.com");
    await h.db.store.query(
      "update admit_holds set expires_at = now() - interval '1 second' where id = $1",
      [first.body.id],
    );
    // Nobody offered it yet, and still no buyer may take it.
    expect((await entry(id)).status).toBe("waiting");
    expect((await hold("wl-expiry", 1)).status).toBe(409);
    await h.admit.reconcilePending();
    const offered = await entry(id);
    expect(offered.status).toBe("offered");
    // The entry gave no name: the order carries the e-mail as the buyer's name.
    const order = await c.api("GET", `/admin/orders/${offered.order_id}`, { token: ADMIN });
    expect(order.body.buyer).toEqual({ name: "bob@example.com", email: "bob@example.com" });
  });

  test("control: with unsafeDisableWaitlistFirst the next buyer takes the seat that came back", async () => {
    const unsafe = otherKit({ unsafeDisableWaitlistFirst: true });
    const call = async (method: string, path: string, body?: unknown, token?: string) => {
      const response = await unsafe.handle(
        new Request(`http://kit.test${path}`, {
          method,
          headers: {
            "content-type": "application/json",
            "idempotency-key": crypto.randomUUID(),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        }),
        { clientIp: "192.0.2.77" },
      );
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    await soldOutTier("wl-control", 1);
    const items = [{ tierId: "ga", quantity: 1 }];
    const first = await call("POST", "/holds", { eventId: "wl-control", items });
    expect(first.status).toBe(201);
    const id = await join("wl-control", "carol@example.com");
    expect(
      (await call("DELETE", `/holds/${first.body.id}`, undefined, first.body.token)).status,
    ).toBe(204);
    const taken = await call("POST", "/holds", { eventId: "wl-control", items });
    expect(taken.status).toBe(201);
    expect((await entry(id)).status).toBe("waiting");
  });

  test("an offer that lapses (cancelled, then expired) passes the seats to the next entry in line", async () => {
    await soldOutTier("wl-lapse", 1);
    const first = await hold("wl-lapse", 1);
    const one = await join("wl-lapse", "one@example.com");
    const two = await join("wl-lapse", "two@example.com");
    await c.api("DELETE", `/holds/${first.body.id}`, { token: first.body.token });
    const offerOne = await entry(one);
    expect(offerOne.status).toBe("offered");
    expect((await entry(two)).status).toBe("waiting");

    // Cancelled by the organizer: the next entry is offered at once.
    const link = await offerLink(offerOne.order_id!);
    expect(
      (await c.api("DELETE", `/admin/payment-links/${link.id}`, { token: ADMIN })).status,
    ).toBe(204);
    expect((await entry(one)).status).toBe("lapsed");
    expect(await timelineTypes(offerOne.order_id!)).toContain("waitlist.lapsed");
    const offerTwo = await entry(two);
    expect(offerTwo.status).toBe("offered");
    expect((await hold("wl-lapse", 1)).status).toBe(409);

    // Not paid in time: once reconcilePending records the expiry, the seat is on sale again.
    await h.db.store.query(
      `update admit_holds set expires_at = now() - interval '1 second'
       where id = (select hold_id from admit_orders where id = $1)`,
      [offerTwo.order_id],
    );
    await h.db.store.query(
      "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
      [offerTwo.order_id],
    );
    await h.admit.reconcilePending();
    expect(await entry(two)).toMatchObject({ status: "lapsed", order_id: offerTwo.order_id });
    expect((await hold("wl-lapse", 1)).status).toBe(201);
  });

  test("first come, first served: an entry wanting more seats than are free waits, and so does everyone behind it", async () => {
    await soldOutTier("wl-fifo", 2);
    const a = await hold("wl-fifo", 1);
    const b = await hold("wl-fifo", 1);
    const big = await join("wl-fifo", "big@example.com", 2);
    const small = await join("wl-fifo", "small@example.com", 1);
    await c.api("DELETE", `/holds/${a.body.id}`, { token: a.body.token });
    await h.admit.reconcilePending();
    expect((await entry(big)).status).toBe("waiting");
    expect((await entry(small)).status).toBe("waiting");
    expect((await hold("wl-fifo", 1)).status).toBe(409);
    await c.api("DELETE", `/holds/${b.body.id}`, { token: b.body.token });
    expect((await entry(big)).status).toBe("offered");
    expect((await entry(small)).status).toBe("waiting");
  });

  test("raising a sold-out tier's capacity offers the new seat to the waitlist at once", async () => {
    await soldOutTier("wl-capacity", 1);
    expect((await hold("wl-capacity", 1)).status).toBe(201);
    const id = await join("wl-capacity", "dora@example.com");
    await soldOutTier("wl-capacity", 2);
    expect((await entry(id)).status).toBe("offered");
    expect((await hold("wl-capacity", 1)).status).toBe(409);
  });

  test("an admin payment link cannot take seats set aside for the waitlist", async () => {
    await soldOutTier("wl-link", 1);
    const first = await hold("wl-link", 1);
    const id = await join("wl-link", "erin@example.com");
    // Freed by expiry, so no request has offered it yet: only the set-aside keeps it.
    await h.db.store.query(
      "update admit_holds set expires_at = now() - interval '1 second' where id = $1",
      [first.body.id],
    );
    const link = await c.api("POST", "/admin/payment-links", {
      token: ADMIN,
      body: {
        eventId: "wl-link",
        items: [{ tierId: "ga", quantity: 1 }],
        buyer: { name: "Box office sale", email: "office@example.com" },
        reference: "wl-link-office",
      },
    });
    expect(link.status).toBe(409);
    expect(link.body.code).toBe("sold_out");
    expect((await entry(id)).status).toBe("waiting");
  });

  test.runIf(store === "postgres")(
    "two processes serving the waitlist at once over separate connections make one offer per entry",
    async () => {
      await soldOutTier("wl-race", 3);
      const holds = [await hold("wl-race", 1), await hold("wl-race", 1), await hold("wl-race", 1)];
      const ids = [
        await join("wl-race", "r1@example.com"),
        await join("wl-race", "r2@example.com"),
        await join("wl-race", "r3@example.com"),
      ];
      await h.db.store.query(
        "update admit_holds set expires_at = now() - interval '1 second' where id = any($1::text[])",
        [holds.map((x) => x.body.id)],
      );
      const second = otherKit();
      await Promise.all([h.admit.reconcilePending(), second.reconcilePending()]);
      await second.close();
      const orders = await h.db.store.query<{ reference: string }>(
        "select reference from admit_orders where event_id = 'wl-race' and reference like 'waitlist:%'",
      );
      expect(orders.map((o) => o.reference).sort()).toEqual(
        ids.map((id) => `waitlist:${id}`).sort(),
      );
      for (const id of ids) expect((await entry(id)).status).toBe("offered");
      const webhooks = await h.db.store.query(
        "select 1 from admit_order_notifications where kind = 'waitlist.offered' and payload->>'eventId' = 'wl-race'",
      );
      expect(webhooks).toHaveLength(3);
    },
  );

  test.runIf(store === "postgres")(
    "control: without the tier row lock, two processes serving the waitlist at once offer one entry twice",
    async () => {
      await soldOutTier("wl-race-control", 1);
      const first = await hold("wl-race-control", 1);
      const id = await join("wl-race-control", "rc@example.com");
      await h.db.store.query(
        "update admit_holds set expires_at = now() - interval '1 second' where id = $1",
        [first.body.id],
      );
      // Each process's first payment waits until the other's has started too (or a second has
      // passed: the tier counters' update serializes the two once both have read the entry):
      // without the lock both have read the same waiting entry by then.
      let arrived = 0;
      let release!: () => void;
      const both = new Promise<void>((resolve) => {
        release = resolve;
        setTimeout(resolve, 1_000);
      });
      // Both guards off: the row lock (below) and the tier counters' CHECK (put back after).
      await h.db.store.query("alter table admit_tiers drop constraint admit_tiers_capacity");
      const gated = (provider: PaymentProvider): PaymentProvider =>
        Object.assign(Object.create(provider) as PaymentProvider, {
          createPayment: async (...args: Parameters<PaymentProvider["createPayment"]>) => {
            arrived++;
            if (arrived === 2) release();
            if (arrived <= 2) await both;
            return provider.createPayment(...args);
          },
        });
      const kits = [
        otherKit({ unsafeDisableCapacityLock: true }, gated),
        otherKit({ unsafeDisableCapacityLock: true }, gated),
      ];
      await Promise.all(kits.map((kit) => kit.reconcilePending()));
      await Promise.all(kits.map((kit) => kit.close()));
      await h.db.store.query(
        "alter table admit_tiers add constraint admit_tiers_capacity check (sold + held + set_aside <= capacity) not valid",
      );
      const orders = await h.db.store.query(
        "select 1 from admit_orders where event_id = 'wl-race-control' and reference = $1",
        [`waitlist:${id}`],
      );
      expect(orders).toHaveLength(2);
    },
  );
});
