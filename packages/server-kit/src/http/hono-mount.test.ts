// Hono 4 on @hono/node-server, mounted through `admit.handle` alone (no adapter), as the
// server-kit README shows: `app.all("/admit/*", (c) => admit.handle(c.req.raw, …))`. The mount
// lives in the test harness (`via.hono`); this suite runs the core flows through it on a real
// socket rather than every HTTP suite a third time (see FRAMEWORKS).
import { Checkout, Hold, OrderStatus, WebhookReceipt } from "@admit/client/contract";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { forwardedTo } from "../testing/sandbox-page.js";
import { deliverWebhook, sandboxPayment } from "../testing/signed-webhook.js";
import { type Harness, type KitClient, startHarness } from "../testing/test-harness.js";
import { STORE_KINDS } from "../testing/test-stores.js";

const SHOP = "https://shop.example";
const PROBLEM_JSON = /^application\/problem\+json/;

describe.each(STORE_KINDS)("the kit mounted in Hono on %s", (store) => {
  let h: Harness;
  let c: KitClient;
  const eventId = "gala-hono";
  beforeAll(async () => {
    h = await startHarness({
      store,
      webhooksVia: "hono",
      // No lookups at the provider while polling: only a webhook through Hono can make it paid.
      kit: { allowedOrigins: [SHOP], lookupAfterMs: 3_600_000 },
    });
    c = h.via.hono;
    await c.createEvent(eventId);
  });
  afterAll(() => h?.close());

  test("hold, checkout, pay on the sandbox's page, its webhook through Hono: paid with tickets", async () => {
    const { hold, checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }]);
    z.parse(Hold, hold.body);
    expect(checkout.status).toBe(201);
    const { order, orderToken, paymentUrl } = z.parse(Checkout, checkout.body);
    expect(order.status).toBe("pending_payment");
    expect(await forwardedTo(await h.choose(paymentUrl, "pay"))).toContain("/return/");
    const paid = await c.pollOrder(order.id, orderToken, (s) => s === "paid");
    expect(z.parse(OrderStatus, paid.body)).toMatchObject({ status: "paid" });
    expect(paid.body.tickets).toHaveLength(2);
  });

  test("the client IP from getConnInfo reaches the kit (per-client limits key on it)", async () => {
    const { body } = await c.api("POST", "/holds", {
      body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
    });
    const [row] = await h.db.store.query<{ client_key: string }>(
      "select client_key from admit_holds where id = $1",
      [body.id],
    );
    expect(row?.client_key).toBe("127.0.0.1");
  });

  test("webhooks are verified over the exact raw body Hono hands over", async () => {
    const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
    const { order, orderToken, paymentUrl } = z.parse(Checkout, checkout.body);
    await h.choose(paymentUrl, "decline");
    const admin = await c.api("GET", `/admin/orders/${order.id}`, { token: "admin-secret" });
    const payment = await sandboxPayment(h, admin.body.payments[0].providerReference);
    // Valid JSON still, so only the signature over the exact bytes can catch it.
    const tampered = await deliverWebhook(h, c, payment, {
      tamper: (body) => `${body.replace(/"status":"[a-z_]+"/, '"status":"captured"')} `,
    });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get("content-type")).toMatch(PROBLEM_JSON);
    expect(tampered.body.code).toBe("invalid_signature");
    const forged = await deliverWebhook(h, c, payment, { secret: `whsec_${"A".repeat(43)}=` });
    expect(forged.body.code).toBe("invalid_signature");
    const genuine = await deliverWebhook(h, c, payment);
    expect(genuine.status).toBe(200);
    expect(z.parse(WebhookReceipt, genuine.body).received).toBe(true);
    const failed = await c.pollOrder(order.id, orderToken, (s) => s === "failed");
    expect(failed.body.status).toBe("failed");
  });

  test("refusals answer application/problem+json with their codes", async () => {
    const soldOut = await c.api("POST", "/holds", {
      body: { eventId, items: [{ tierId: "vip", quantity: 2 }] },
    });
    const again = await c.api("POST", "/holds", {
      body: { eventId, items: [{ tierId: "vip", quantity: 1 }] },
    });
    expect(soldOut.status).toBe(201);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toMatch(PROBLEM_JSON);
    expect(again.body).toMatchObject({ code: "sold_out", status: 409 });
    const malformed = await c.api("POST", "/holds", { body: "{not json" });
    expect(malformed.status).toBe(422);
    expect(malformed.body.code).toBe("invalid_request");
    const admin = await c.api("GET", "/admin/orders");
    expect(admin.status).toBe(401);
    expect(admin.headers.get("content-type")).toMatch(PROBLEM_JSON);
    const unknown = await c.api("GET", "/nowhere");
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("not_found");
  });

  test("CORS: preflights answer allowed origins on public routes, never on admin routes", async () => {
    const preflight = await c.api("OPTIONS", "/holds", {
      headers: {
        origin: SHOP,
        "access-control-request-method": "POST",
        "access-control-request-headers": "idempotency-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/idempotency-key/);
    const other = await c.api("OPTIONS", "/holds", {
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const admin = await c.api("OPTIONS", "/admin/orders", {
      headers: { origin: SHOP, "access-control-request-method": "GET" },
    });
    expect(admin.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("the mount's own URL: the OpenAPI document names it, the probes answer under it", async () => {
    const doc = await c.api("GET", "/openapi.json");
    expect(doc.body.servers).toEqual([{ url: c.baseUrl, description: "This kit" }]);
    expect((await c.api("GET", "/health")).body).toEqual({ status: "ok" });
    expect((await c.api("GET", "/ready")).status).toBe(200);
  });
});
