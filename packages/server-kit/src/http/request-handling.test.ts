import { expect, test } from "vitest";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { buyAndPay } from "../testing/paid-order.js";

const SHOP = "https://shop.example";

// Webhooks off: the lost-webhook test must reach paid by polling alone.
describeEachKit(
  "request handling",
  { eventPrefix: "req", harness: { webhooks: false, kit: { allowedOrigins: [SHOP] } } },
  ({ h, c, eventId, framework }) => {
    const holdBody = { eventId, items: [{ tierId: "ga", quantity: 1 }] };

    test("idempotency: missing key 400, replay answers the stored response, other body 422", async () => {
      const missing = await c.api("POST", "/holds", { body: holdBody, key: null });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe("idempotency_key_required");
      const key = `k-${framework}-replay`;
      const first = await c.api("POST", "/holds", { body: holdBody, key });
      const replay = await c.api("POST", "/holds", { body: holdBody, key });
      expect(first.status).toBe(201);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      const other = await c.api("POST", "/holds", {
        body: { ...holdBody, items: [{ tierId: "ga", quantity: 2 }] },
        key,
      });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe("idempotency_key_reused");
    });

    test("idempotency: the same checkout sent concurrently creates one order", async () => {
      const hold = await c.api("POST", "/holds", { body: holdBody });
      const key = `k-${framework}-checkout`;
      const body = { buyer: { name: "Ada", email: "ada@example.com" }, returnUrl: `${SHOP}/done` };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          c.api("POST", `/holds/${hold.body.id}/checkout`, { token: hold.body.token, body, key }),
        ),
      );
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const a of answers) expect([201, 409]).toContain(a.status);
      for (const a of answers.filter((x) => x.status === 409))
        expect(a.body.code).toBe("idempotency_in_progress");
      expect(new Set(created.map((a) => a.body.order.id)).size).toBe(1);
      const orders = await h.db.store.query("select id from admit_orders where hold_id = $1", [
        hold.body.id,
      ]);
      expect(orders).toHaveLength(1);
    });

    test("a wrong or missing token answers exactly like an unknown id", async () => {
      const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }], {
        returnUrl: `${SHOP}/done`,
      });
      const id = checkout.body.order.id;
      const unknown = await c.api("GET", "/orders/ord_000000000000000000000000", {
        token: checkout.body.orderToken,
      });
      const wrong = await c.api("GET", `/orders/${id}`, { token: "x".repeat(43) });
      const none = await c.api("GET", `/orders/${id}`);
      for (const a of [wrong, none]) {
        expect(a.status).toBe(unknown.status);
        expect(a.text).toBe(unknown.text);
      }
      expect(unknown.status).toBe(404);
      const hold = await c.api("POST", "/holds", { body: holdBody });
      const wrongHold = await c.api("GET", `/holds/${hold.body.id}`, {
        token: checkout.body.orderToken,
      });
      const unknownHold = await c.api("GET", "/holds/hold_000000000000000000000000", {
        token: hold.body.token,
      });
      expect(wrongHold.text).toBe(unknownHold.text);
      // Control: the right token reads it.
      expect(
        (await c.api("GET", `/orders/${id}`, { token: checkout.body.orderToken })).status,
      ).toBe(200);
    });

    test("with webhooks lost, polling alone reaches paid through a provider lookup", async () => {
      // The buyer's poll reaches paid (checked by buyAndPay) with no webhook at all.
      const { checkout } = await buyAndPay(h, c, eventId, [{ tierId: "ga", quantity: 1 }], {
        returnUrl: `${SHOP}/done`,
      });
      const timeline = await c.api("GET", `/admin/orders/${checkout.body.order.id}/timeline`, {
        token: "admin-secret",
      });
      expect(
        timeline.body.items.find((e: { type: string }) => e.type === "order.paid").actor,
      ).toEqual({ system: "lookup:sandbox" });
    });

    test("a pending order whose window is over reads as expired, without a sweeper", async () => {
      const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }], {
        returnUrl: `${SHOP}/done`,
      });
      const { id } = checkout.body.order;
      await h.db.store.query(
        "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
        [id],
      );
      const read = await c.api("GET", `/orders/${id}`, { token: checkout.body.orderToken });
      expect(read.body.status).toBe("expired");
      expect(read.body.nextPollMs).toBe(0);
    });

    test("nextPollMs grows while nothing changes", async () => {
      const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }], {
        returnUrl: `${SHOP}/done`,
      });
      const id = checkout.body.order.id;
      const early = await c.api("GET", `/orders/${id}`, { token: checkout.body.orderToken });
      await h.db.store.query(
        "update admit_orders set status_changed_at = now() - interval '20 seconds' where id = $1",
        [id],
      );
      const later = await c.api("GET", `/orders/${id}`, { token: checkout.body.orderToken });
      expect(later.body.nextPollMs).toBeGreaterThan(early.body.nextPollMs);
    });

    test("bad input never answers 500: malformed JSON, wrong content type, huge body, bad fields", async () => {
      const malformed = await c.api("POST", "/holds", { body: "{not json" });
      const wrongType = await c.api("POST", "/holds", {
        body: JSON.stringify(holdBody),
        headers: { "content-type": "text/plain" },
      });
      const huge = await c.api("POST", "/holds", {
        body: JSON.stringify({ ...holdBody, pad: "x".repeat(200_000) }),
      });
      const badFields = await c.api("POST", "/holds", {
        body: { eventId: "../etc", items: [{ tierId: "ga", quantity: 0 }] },
      });
      const badWebhook = await c.api("POST", "/webhooks/sandbox", { body: "\u0000garbage" });
      const badId = await c.api("GET", "/orders/%E0%A4%A", { token: "x" });
      const noType = await fetch(`${c.baseUrl}/holds`, {
        method: "POST",
        headers: { "idempotency-key": "no-type" },
        body: new TextEncoder().encode(JSON.stringify(holdBody)),
      });
      expect(noType.status).toBe(422);
      for (const a of [malformed, wrongType, huge, badFields]) {
        expect(a.status).toBe(422);
        expect(a.body.code).toBe("invalid_request");
        expect(a.text).not.toMatch(/select|insert|at .*\.ts/i);
      }
      expect(badFields.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        "eventId",
        "items.0.quantity",
      ]);
      expect(badWebhook.status).toBe(400);
      // Malformed percent-encoding is an unknown id (404): Express hands it to the kit, and
      // Fastify's router, which refuses it before any plugin, answers through
      // admitFrameworkErrors (the harness sets it, as the README asks).
      expect(badId.status).toBe(404);
      expect(badId.body.code).toBe("not_found");
    });

    test("CORS answers only allowed origins on public routes; admin routes never", async () => {
      const allowed = await c.api("GET", `/events/${eventId}`, { headers: { origin: SHOP } });
      expect(allowed.headers.get("access-control-allow-origin")).toBe(SHOP);
      const other = await c.api("GET", `/events/${eventId}`, {
        headers: { origin: "https://evil.example" },
      });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      const preflight = await c.api("OPTIONS", "/holds", {
        headers: {
          origin: SHOP,
          "access-control-request-method": "POST",
          "access-control-request-headers": "idempotency-key",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-headers")).toMatch(/idempotency-key/);
      const adminPreflight = await c.api("OPTIONS", "/admin/orders", {
        headers: { origin: SHOP, "access-control-request-method": "GET" },
      });
      expect(adminPreflight.headers.get("access-control-allow-origin")).toBeNull();
      const admin = await c.api("GET", "/admin/orders", {
        token: "admin-secret",
        headers: { origin: SHOP },
      });
      expect(admin.status).toBe(200);
      expect(admin.headers.get("access-control-allow-origin")).toBeNull();
    });

    test("admin routes refuse without the hook's actor and list orders with a cursor", async () => {
      const refused = await c.api("GET", "/admin/orders");
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe("unauthorized");
      const forbidden = await c.api("GET", "/admin/orders", { token: "intern" });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe("forbidden");
      const badLimit = await c.api("GET", "/admin/orders?limit=1001", { token: "admin-secret" });
      expect(badLimit.status).toBe(422);
      const listed = `${eventId}-list`;
      await c.createEvent(listed);
      for (let i = 0; i < 3; i++)
        await c.buy(listed, [{ tierId: "ga", quantity: 1 }], { returnUrl: `${SHOP}/done` });
      const first = await c.api("GET", `/admin/orders?eventId=${listed}&limit=2`, {
        token: "admin-secret",
      });
      expect(first.body.items).toHaveLength(2);
      const second = await c.api(
        "GET",
        `/admin/orders?eventId=${listed}&limit=2&cursor=${first.body.nextCursor}`,
        { token: "admin-secret" },
      );
      expect(second.body).toMatchObject({ nextCursor: null });
      expect(second.body.items).toHaveLength(1);
      const ids = [...first.body.items, ...second.body.items].map((o: { id: string }) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      const stamps = [...first.body.items, ...second.body.items].map(
        (o: { updatedAt: string }) => o.updatedAt,
      );
      expect([...stamps].sort().reverse()).toEqual(stamps);
    });
  },
);
