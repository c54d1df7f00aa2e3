import { setTimeout as sleep } from "node:timers/promises";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { AdmitOptions } from "../../admit-options.js";
import { createAdmit } from "../../create-admit.js";
import { verifyAdmitWebhook } from "../../crypto/verify-admit-webhook.js";
import { WebhookVerificationError } from "../../providers/payment-provider.js";
import { generateWebhookSecret } from "../../providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "../../providers/sandbox/sandbox-provider.js";
import type { Store } from "../../store/store.js";
import {
  type OutboundWebhookReceiver,
  startOutboundWebhookReceiver,
} from "../../testing/outbound-webhook-receiver.js";
import { type Harness, type KitClient, startHarness } from "../../testing/test-harness.js";
import { STORE_KINDS } from "../../testing/test-stores.js";
import type { OrderNotification } from "./notification-types.js";
import { enqueueOrderNotification } from "./order-notifications.js";

const NORMALIZED_FIELDS = [
  "amount",
  "currency",
  "orderId",
  "paidAt",
  "providerReference",
  "reference",
  "status",
];

interface DeliveryRow {
  webhook_id: string;
  status: string;
  attempts: number;
  delivered_at: Date | null;
  gave_up_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  /** Seconds between this attempt and the next one scheduled, by the database's clock. */
  backoff: number;
}

/** Read `read` until `ok` holds (deliveries run in the background after each request). */
async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 400 && !ok(value); i++) {
    await sleep(25);
    value = await read();
  }
  return value;
}

describe.each(STORE_KINDS)("outbound webhooks on %s", (store) => {
  const secret = generateWebhookSecret();
  const errors: unknown[] = [];
  const heard: OrderNotification[] = [];
  let failHook = false;
  let receiver: OutboundWebhookReceiver;
  let h: Harness;
  let c: KitClient;
  const endpoint = () => ({ url: receiver.url, secret, timeoutMs: 1000 });
  const provider = () =>
    sandboxProvider({ url: h.sandboxUrl, apiKey: "sk_test", webhookSecret: h.webhookSecret });
  /** Another kit on the same database: on PostgreSQL with a pool of its own, as another process. */
  const otherKit = (options: Partial<AdmitOptions> = {}) => {
    const own = store === "postgres";
    const kit = createAdmit({
      store: own ? h.db.connect() : h.db.store,
      providers: [provider()],
      onError: () => {},
      ...options,
    });
    // PGlite is one store shared with the harness kit: closing it is the harness's job.
    return { kit, close: () => (own ? kit.close() : Promise.resolve()) };
  };

  beforeAll(async () => {
    receiver = await startOutboundWebhookReceiver();
    h = await startHarness({
      store,
      webhooks: false,
      kit: {
        outboundWebhooks: [endpoint()],
        onOrderEvent: (event) => {
          if (failHook) throw new Error("host is down");
          heard.push(event);
        },
        onError: (error) => errors.push(error),
      },
    });
    c = h.via.express;
  });
  afterEach(async () => {
    receiver.respond = () => 200;
    failHook = false;
    await receiver.start();
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  let n = 0;
  async function pendingOrder() {
    const eventId = `hooks-${++n}`;
    await c.createEvent(eventId, {
      tiers: [{ id: "ga", name: "GA", price: { amount: 4500, currency: "EUR" }, capacity: 10 }],
    });
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }]);
    expect(checkout.status).toBe(201);
    return {
      orderId: checkout.body.order.id as string,
      token: checkout.body.orderToken as string,
      paymentUrl: checkout.body.paymentUrl as string,
    };
  }
  async function paidOrder() {
    const order = await pendingOrder();
    await h.choose(order.paymentUrl, "pay");
    const polled = await c.pollOrder(order.orderId, order.token, (s) => s === "paid");
    expect(polled.body.status).toBe("paid");
    return order;
  }
  const deliveries = (orderId: string) =>
    h.db.store.query<DeliveryRow>(
      `select d.webhook_id, n.payload->>'status' as status, d.attempts, d.delivered_at,
         d.gave_up_at, d.last_status, d.last_error,
         extract(epoch from d.next_attempt_at - d.last_attempt_at)::float8 as backoff
       from admit_webhook_deliveries d join admit_order_notifications n on n.seq = d.notification_seq
       where n.order_id = $1 order by d.notification_seq`,
      [orderId],
    );
  const receivedFor = (orderId: string) =>
    receiver.received.filter((w) => w.event.data.orderId === orderId);
  /** Time passes: the order's retries are due now (the database's clock decides). */
  const makeDue = (orderId: string) =>
    h.db.store.query(
      `update admit_webhook_deliveries d set next_attempt_at = now()
       from admit_order_notifications n
       where n.seq = d.notification_seq and n.order_id = $1 and d.delivered_at is null`,
      [orderId],
    );
  const drain = () => h.admit.reconcilePending();

  test("a paid order is delivered once, signed so the receiver verifies it; a tampered body, another id or another secret does not verify", async () => {
    const o = await paidOrder();
    const rows = await until(
      () => deliveries(o.orderId),
      (r) => r.length === 2 && r.every((d) => d.delivered_at),
    );
    expect(rows.map((r) => [r.status, r.attempts, r.last_status])).toEqual([
      ["pending_payment", 1, 200],
      ["paid", 1, 200],
    ]);
    await drain();
    await drain();
    const got = receivedFor(o.orderId);
    expect(got.map((w) => w.event.type)).toEqual(["order.pending_payment", "order.paid"]);
    expect(got.map((w) => w.headers.get("webhook-id"))).toEqual(rows.map((r) => r.webhook_id));

    const paid = got[1]!;
    expect(verifyAdmitWebhook(paid.rawBody, paid.headers, secret)).toEqual(paid.event);
    // As Express or Fastify hand them over: bytes and a plain header record.
    const bytes = new TextEncoder().encode(paid.rawBody);
    expect(verifyAdmitWebhook(bytes, Object.fromEntries(paid.headers), secret)).toEqual(paid.event);

    const tampered = paid.rawBody.replace('"amount":9000', '"amount":1');
    expect(tampered).not.toBe(paid.rawBody);
    expect(() => verifyAdmitWebhook(tampered, paid.headers, secret)).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyAdmitWebhook(paid.rawBody, paid.headers, generateWebhookSecret())).toThrow(
      WebhookVerificationError,
    );
    const otherId = new Headers(paid.headers);
    otherId.set("webhook-id", got[0]!.headers.get("webhook-id")!);
    expect(() => verifyAdmitWebhook(paid.rawBody, otherId, secret)).toThrow(
      WebhookVerificationError,
    );
  });

  test("the body is the envelope around exactly the normalized fields: no provider payload, token or secret", async () => {
    const o = await paidOrder();
    const [, paid] = await until(
      () => receivedFor(o.orderId),
      (w) => w.length === 2,
    );
    expect(Object.keys(paid!.event).sort()).toEqual(["data", "timestamp", "type"]);
    expect(Object.keys(paid!.event.data).sort()).toEqual(NORMALIZED_FIELDS);
    const admin = await c.api("GET", `/admin/orders/${o.orderId}`, { token: "admin-secret" });
    expect(paid!.event).toEqual({
      type: "order.paid",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: {
        orderId: o.orderId,
        status: "paid",
        amount: 9000,
        currency: "EUR",
        providerReference: admin.body.payments[0].providerReference,
        paidAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        reference: null,
      },
    });
    // The same normalized notification the in-process hook hears.
    expect(heard.find((e) => e.orderId === o.orderId && e.status === "paid")).toEqual(
      paid!.event.data,
    );
    expect(paid!.headers.get("content-type")).toBe("application/json");
    for (const secretValue of [o.token, secret, h.webhookSecret, "sk_test", "admin-secret"])
      expect(paid!.rawBody).not.toContain(secretValue);
  });

  test("a 500 or a redirect is retried after the backoff with the same webhook-id and body, until a 2xx", async () => {
    let answer = 500;
    receiver.respond = () => answer;
    const o = await pendingOrder();
    let [row] = await until(
      () => deliveries(o.orderId),
      (r) => r[0]?.last_status === 500,
    );
    expect(row).toMatchObject({ attempts: 1, last_error: "HTTP 500", backoff: 30 });
    expect(row!.delivered_at).toBeNull();
    // Not due yet: a drain now sends nothing.
    await drain();
    expect(receivedFor(o.orderId)).toHaveLength(1);

    answer = 302; // the signed body must not follow a redirect elsewhere
    await makeDue(o.orderId);
    await drain();
    [row] = await deliveries(o.orderId);
    expect(row).toMatchObject({
      attempts: 2,
      last_status: 302,
      last_error: "HTTP 302",
      backoff: 60,
    });
    expect(row!.delivered_at).toBeNull();

    answer = 200;
    await makeDue(o.orderId);
    await drain();
    [row] = await deliveries(o.orderId);
    expect(row).toMatchObject({ attempts: 3, last_status: 200, last_error: null });
    expect(row!.delivered_at).not.toBeNull();
    const got = receivedFor(o.orderId);
    expect(got.map((w) => w.headers.get("webhook-id"))).toEqual(Array(3).fill(row!.webhook_id));
    expect(new Set(got.map((w) => w.rawBody)).size).toBe(1);
    for (const w of got) expect(verifyAdmitWebhook(w.rawBody, w.headers, secret)).toEqual(w.event);
  });

  test("a refused connection is retried until the receiver is back", async () => {
    await receiver.stop();
    const o = await pendingOrder();
    let [row] = await until(
      () => deliveries(o.orderId),
      (r) => r[0]?.last_error != null,
    );
    expect(row).toMatchObject({ attempts: 1, last_status: null, backoff: 30 });
    expect(row!.last_error).toMatch(/ECONNREFUSED/);
    await receiver.start();
    await makeDue(o.orderId);
    await drain();
    [row] = await deliveries(o.orderId);
    expect(row).toMatchObject({ attempts: 2, last_status: 200, last_error: null });
    expect(receivedFor(o.orderId).map((w) => w.headers.get("webhook-id"))).toEqual([
      row!.webhook_id,
    ]);
  });

  test("after a failed attempt a drain leaves the endpoint's other due deliveries to the next drain", async () => {
    const o = await pendingOrder();
    await until(
      () => deliveries(o.orderId),
      (r) => r[0]?.delivered_at != null,
    );
    await receiver.stop();
    await h.db.store.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await enqueueOrderNotification(tx, o.orderId);
    });
    await drain();
    const attempts = async () => (await deliveries(o.orderId)).slice(1).map((r) => r.attempts);
    expect(await attempts()).toEqual([1, 0, 0]);
    await receiver.start();
    await drain();
    expect(await attempts()).toEqual([1, 1, 1]);
    await makeDue(o.orderId);
    await drain();
    const rows = await deliveries(o.orderId);
    expect(rows.map((r) => [r.attempts, r.last_status])).toEqual([
      [1, 200],
      [2, 200],
      [1, 200],
      [1, 200],
    ]);
  });

  test("a receiver slower than timeoutMs counts as a failed attempt and is retried", async () => {
    receiver.respond = () => sleep(3000).then(() => 200);
    const o = await pendingOrder();
    let [row] = await until(
      () => deliveries(o.orderId),
      (r) => r[0]?.last_error != null,
    );
    expect(row).toMatchObject({
      attempts: 1,
      last_status: null,
      last_error: "no answer within 1000 ms",
      backoff: 30,
    });
    expect(row!.delivered_at).toBeNull();
    receiver.respond = () => 200;
    await makeDue(o.orderId);
    await drain();
    [row] = await deliveries(o.orderId);
    expect(row).toMatchObject({ attempts: 2, last_status: 200 });
    // The receiver saw the slow attempt too: the same id lets it drop the repeat.
    expect(receivedFor(o.orderId).map((w) => w.headers.get("webhook-id"))).toEqual([
      row!.webhook_id,
      row!.webhook_id,
    ]);
  });

  test("backoff doubles from 30 s up to 6 h; after 15 attempts the kit gives up, records and reports it, and stops", async () => {
    receiver.respond = () => 503;
    const o = await pendingOrder();
    const backoffs: number[] = [];
    for (let attempt = 1; attempt <= 15; attempt++) {
      const [row] = await until(
        () => deliveries(o.orderId),
        (r) => r[0]?.attempts === attempt && r[0].last_status === 503,
      );
      backoffs.push(row!.backoff);
      await makeDue(o.orderId);
      await drain();
    }
    expect(backoffs).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600, 21600, 21600, 21600,
    ]);
    const [row] = await deliveries(o.orderId);
    expect(row).toMatchObject({ attempts: 15, last_status: 503, last_error: "HTTP 503" });
    expect(row!.gave_up_at).not.toBeNull();
    expect(row!.delivered_at).toBeNull();
    expect(errors).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining(`Failed to deliver webhook ${row!.webhook_id}`),
      }),
    );
    // Due or not, a given-up delivery is never sent again (the drain after attempt 15 sent nothing).
    expect(receivedFor(o.orderId)).toHaveLength(15);
  });

  test("the in-process hook and the webhook are tracked apart: neither holds back nor repeats the other", async () => {
    failHook = true;
    const a = await pendingOrder();
    await until(
      () => deliveries(a.orderId),
      (r) => r[0]?.delivered_at != null,
    );
    await drain();
    const hookRow = async (orderId: string) =>
      (
        await h.db.store.query<{ delivered_at: Date | null }>(
          "select delivered_at from admit_order_notifications where order_id = $1",
          [orderId],
        )
      )[0];
    expect((await hookRow(a.orderId))?.delivered_at).toBeNull();
    expect(heard.filter((e) => e.orderId === a.orderId)).toEqual([]);
    failHook = false;
    // The hook's claim lapses (30 s): it hears it now, and the webhook is not sent again.
    await h.db.store.query(
      "update admit_order_notifications set claimed_until = null where order_id = $1",
      [a.orderId],
    );
    await drain();
    expect(heard.filter((e) => e.orderId === a.orderId).map((e) => e.status)).toEqual([
      "pending_payment",
    ]);
    expect(receivedFor(a.orderId)).toHaveLength(1);

    receiver.respond = () => 500;
    const b = await pendingOrder();
    await until(
      () => deliveries(b.orderId),
      (r) => r[0]?.last_status === 500,
    );
    await until(
      () => heard.filter((e) => e.orderId === b.orderId),
      (e) => e.length === 1,
    );
    expect((await hookRow(b.orderId))?.delivered_at).not.toBeNull();
    receiver.respond = () => 200;
    await makeDue(b.orderId);
    await drain();
    expect((await deliveries(b.orderId))[0]?.delivered_at).not.toBeNull();
    expect(heard.filter((e) => e.orderId === b.orderId)).toHaveLength(1);
  });

  test("a new kit on the same database delivers what the previous one left", async () => {
    receiver.respond = () => 500;
    const o = await pendingOrder();
    const [left] = await until(
      () => deliveries(o.orderId),
      (r) => r[0]?.last_status === 500,
    );
    receiver.respond = () => 200;
    await makeDue(o.orderId);
    const next = otherKit({ outboundWebhooks: [endpoint()] });
    try {
      await next.kit.reconcilePending();
    } finally {
      await next.close();
    }
    const [row] = await deliveries(o.orderId);
    expect(row).toMatchObject({ webhook_id: left!.webhook_id, attempts: 2, last_status: 200 });
    expect(row!.delivered_at).not.toBeNull();
    expect(receivedFor(o.orderId).map((w) => w.headers.get("webhook-id"))).toEqual([
      left!.webhook_id,
      left!.webhook_id,
    ]);
  });

  /**
   * Queue 30 notifications, then let two kits with pools of their own drain at once against a
   * receiver that takes 30 ms per answer. Answers how often each notification arrived.
   */
  async function race(unsafeDisableWebhookClaim: boolean) {
    const orders = [await pendingOrder(), await pendingOrder(), await pendingOrder()];
    for (const o of orders)
      await until(
        () => deliveries(o.orderId),
        (r) => r[0]?.delivered_at != null,
      );
    await h.db.store.transaction(async (tx) => {
      for (let i = 0; i < 10; i++)
        for (const o of orders) await enqueueOrderNotification(tx, o.orderId);
    });
    const queued = new Set(
      (
        await h.db.store.query<{ webhook_id: string }>(
          "select webhook_id from admit_webhook_deliveries where delivered_at is null and gave_up_at is null",
        )
      ).map((r) => r.webhook_id),
    );
    receiver.respond = () => sleep(30).then(() => 200);
    receiver.maxInFlight = 0;
    const kits = [0, 1].map(() =>
      otherKit({ outboundWebhooks: [endpoint()], unsafeDisableWebhookClaim }),
    );
    await Promise.all(kits.map((k) => k.kit.migrate()));
    const from = receiver.received.length;
    await Promise.all(kits.map((k) => k.kit.reconcilePending()));
    await Promise.all(kits.map((k) => k.close()));
    const counts = new Map<string, number>();
    for (const w of receiver.received.slice(from)) {
      const id = w.headers.get("webhook-id")!;
      if (queued.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const duplicates = [...counts.values()].reduce((sum, k) => sum + k - 1, 0);
    return { queued: queued.size, arrived: counts.size, duplicates };
  }

  test.runIf(store === "postgres")(
    "two kits draining at once deliver each notification exactly once",
    async () => {
      const result = await race(false);
      expect(result).toEqual({ queued: 30, arrived: 30, duplicates: 0 });
      // The two kits did deliver side by side.
      expect(receiver.maxInFlight).toBeGreaterThanOrEqual(2);
    },
  );

  test.runIf(store === "postgres")(
    "control: without the claim, the same race delivers notifications twice",
    async () => {
      const result = await race(true);
      console.info(`outbound webhook control: ${JSON.stringify(result)}`);
      expect(result.arrived).toBe(30);
      expect(result.duplicates).toBeGreaterThan(0);
    },
  );

  test("an endpoint left out of outboundWebhooks has its pending deliveries given up and gets no new ones; a kit without the option changes nothing", async () => {
    receiver.respond = () => 500;
    const o = await pendingOrder();
    await until(
      () => deliveries(o.orderId),
      (r) => r[0]?.last_status === 500,
    );
    const endpointCount = async () => (await deliveries(o.orderId)).length;

    const unconfigured = otherKit();
    await unconfigured.kit.migrate();
    await unconfigured.close();
    await h.db.store.transaction((tx) => enqueueOrderNotification(tx, o.orderId));
    expect(await endpointCount()).toBe(2);

    const none = otherKit({ outboundWebhooks: [] });
    await none.kit.migrate();
    await none.close();
    const [first] = await deliveries(o.orderId);
    expect(first).toMatchObject({ last_error: "the endpoint was removed from outboundWebhooks" });
    expect(first!.gave_up_at).not.toBeNull();
    await h.db.store.transaction((tx) => enqueueOrderNotification(tx, o.orderId));
    expect(await endpointCount()).toBe(2);

    const again = otherKit({ outboundWebhooks: [endpoint()] });
    await again.kit.migrate();
    await again.close();
    await h.db.store.transaction((tx) => enqueueOrderNotification(tx, o.orderId));
    expect(await endpointCount()).toBe(3);
  });
});

describe("verifyAdmitWebhook and the outboundWebhooks option", () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: "order.paid", timestamp: "2025-01-01T00:00:00.000Z" });
  const signedAt = (skewSeconds: number) => {
    const at = new Date(Date.now() + skewSeconds * 1000);
    return new Headers({
      "webhook-id": "msg_1",
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign("msg_1", at, body),
    });
  };

  test("a timestamp up to 5 minutes off either way verifies; further off does not", () => {
    for (const skew of [-290, 0, 290])
      expect(verifyAdmitWebhook(body, signedAt(skew), secret)).toMatchObject({
        type: "order.paid",
      });
    for (const skew of [-310, 310])
      expect(() => verifyAdmitWebhook(body, signedAt(skew), secret)).toThrow(
        WebhookVerificationError,
      );
    expect(() => verifyAdmitWebhook(body, new Headers(), secret)).toThrow(WebhookVerificationError);
    expect(() => verifyAdmitWebhook(body, signedAt(0), "not-a-secret")).toThrow(TypeError);
  });

  test("a byte-order mark before the signed bytes does not verify; the same bytes without it do", () => {
    const bytes = new TextEncoder().encode(body);
    const withMark = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    expect(() => verifyAdmitWebhook(withMark, signedAt(0), secret)).toThrow(
      WebhookVerificationError,
    );
    expect(verifyAdmitWebhook(bytes, signedAt(0), secret)).toMatchObject({ type: "order.paid" });
  });

  test("createAdmit refuses a URL that is not http(s), a bad secret and a URL given twice", () => {
    const make = (outboundWebhooks: AdmitOptions["outboundWebhooks"]) => () =>
      createAdmit({
        store: {} as Store,
        providers: [
          sandboxProvider({ url: "http://127.0.0.1:9", apiKey: "k", webhookSecret: secret }),
        ],
        outboundWebhooks,
      });
    for (const url of ["ftp://crm.example.com/in", "file:///etc/passwd", "/hooks", "crm"])
      expect(make([{ url, secret }])).toThrow(/Failed to create the kit.*absolute http\(s\) URL/);
    for (const bad of ["", "abc", "whsec_", "whsec_!!!"])
      expect(make([{ url: "https://crm.example.com/in", secret: bad }])).toThrow(
        /Standard Webhooks secret/,
      );
    expect(
      make([
        { url: "https://crm.example.com/in", secret },
        { url: "https://CRM.example.com/in", secret },
      ]),
    ).toThrow(/unique/);
    expect(make([{ url: "https://crm.example.com/in", secret, maxAttempts: 0 }])).toThrow(
      TypeError,
    );
    expect(make([{ url: "http://localhost:8080/in", secret }])).not.toThrow();
  });
});
