import { type AdminOrder, createAdmitAdminClient, PaymentLink } from "@admit/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { type Admit, createAdmit } from "../create-admit.js";
import { generateWebhookSecret } from "../providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import type { SandboxService } from "../providers/sandbox/sandbox-service.js";
import { createSandboxService } from "../providers/sandbox/sandbox-service.js";
import { adminOrder } from "../testing/admin-orders.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import { forwardedTo } from "../testing/sandbox-page.js";
import { deliverWebhook, sandboxPayment } from "../testing/signed-webhook.js";
import type { Harness, KitClient } from "../testing/test-harness.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-stores.js";

const ADMIN = "admin-secret";
const EUR = (amount: number) => ({ amount, currency: "EUR" });
const BUYER = { name: "Grace Hopper", email: "grace@example.com" };
const DAY = 86_400_000;

let refs = 0;
const newReference = () => `INV-${++refs}-${Date.now()}`;

function linkBody(eventId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId,
    items: [{ tierId: "ga", quantity: 2 }],
    buyer: BUYER,
    reference: newReference(),
    ...overrides,
  };
}

async function createLink(c: KitClient, body: unknown, key?: string) {
  return c.api("POST", "/admin/payment-links", { token: ADMIN, body, ...(key ? { key } : {}) });
}

async function timeline(c: KitClient, orderId: string) {
  const answer = await c.api("GET", `/admin/orders/${orderId}/timeline`, { token: ADMIN });
  return answer.body.items as {
    type: string;
    actor: unknown;
    reason?: string;
    data: Record<string, unknown>;
  }[];
}

async function remaining(c: KitClient, eventId: string, tier = 0): Promise<number> {
  return (await c.api("GET", `/events/${eventId}`)).body.tiers[tier].remaining;
}

/** Wait until the order reaches `status` (webhooks arrive in the background). */
async function orderBecomes(c: KitClient, orderId: string, status: string): Promise<AdminOrder> {
  let order = await adminOrder(c, orderId);
  for (let i = 0; i < 100 && order.status !== status; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    order = await adminOrder(c, orderId);
  }
  return order;
}

/** Pay a link on the sandbox's page with webhooks off: the kit hears of it only when told. */
async function payQuietly(h: Harness, link: PaymentLink): Promise<string> {
  h.sandbox.setWebhooksEnabled(false);
  const page = await h.choose(link.url, "pay");
  expect(await forwardedTo(page)).toContain("/return/");
  const order = await adminOrderVia(h, link.orderId);
  return order.payments.find((p) => p.amount.amount === link.amount.amount)!.providerReference!;
}

const adminOrderVia = (h: Harness, orderId: string) => adminOrder(h.via.express, orderId);

describeEachKit(
  "payment links",
  { eventPrefix: "links" },
  ({ h, c, eventId }) => {
    test("a link is a pending order priced by the server, holding its seats for 7 days by default", async () => {
      const before = await remaining(c, eventId);
      // A price sent by the client is not part of the request: the server prices the items.
      const body = linkBody(eventId, {
        items: [{ tierId: "ga", quantity: 2, price: EUR(1) }],
        amount: EUR(1),
      });
      const answer = await createLink(c, body);
      expect(answer.status).toBe(201);
      const link = z.parse(PaymentLink, answer.body);
      expect(link).toMatchObject({
        amount: EUR(9000),
        reference: body.reference,
        status: "active",
      });
      expect(link.id).toMatch(/^lnk_/);
      expect(link.url.startsWith(h.sandboxUrl)).toBe(true);
      const expiresIn = Date.parse(link.expiresAt) - Date.now();
      expect(Math.abs(expiresIn - 7 * DAY)).toBeLessThan(60_000);
      expect(await remaining(c, eventId)).toBe(before - 2);
      const order = await adminOrder(c, link.orderId);
      expect(order).toMatchObject({
        status: "pending_payment",
        total: EUR(9000),
        reference: body.reference,
        buyer: BUYER,
      });
      // The provider was asked for the server's amount, with the link's expiry.
      const payment = await sandboxPayment(h, order.payments[0]!.providerReference!);
      expect(payment.amount).toEqual(EUR(9000));
      expect(payment.expiresAt).toBe(link.expiresAt);
      expect(payment.eventId).toBe(eventId);
    });

    test("paying on the provider's page makes the order paid, with tickets and timeline entries for create and pay", async () => {
      const link = z.parse(PaymentLink, (await createLink(c, linkBody(eventId))).body);
      expect(await forwardedTo(await h.choose(link.url, "pay"))).toContain("/return/");
      const order = await orderBecomes(c, link.orderId, "paid");
      expect(order.status).toBe("paid");
      expect(order.tickets).toHaveLength(2);
      const entries = await timeline(c, link.orderId);
      const created = entries.find((e) => e.type === "payment_link.created")!;
      expect(created.actor).toEqual({ id: "staff_1", name: "Box office" });
      expect(created.data).toMatchObject({ linkId: link.id, amount: 9000 });
      expect(entries.find((e) => e.type === "payment_link.paid")?.data).toMatchObject({
        linkId: link.id,
        linkStatus: "active",
      });
      expect(entries.map((e) => e.type)).toContain("order.paid");
    });
  },
  ({ h }) => {
    describe("rules (through express)", () => {
      let c: KitClient;
      const eventId = "links-rules";
      beforeAll(async () => {
        c = h.via.express;
        await c.createEvent(eventId);
      });

      test("the same Idempotency-Key answers the same link and holds the seats once", async () => {
        const before = await remaining(c, eventId);
        const body = linkBody(eventId);
        const first = await createLink(c, body, "link-key-1");
        const again = await createLink(c, body, "link-key-1");
        expect(again.status).toBe(201);
        expect(again.body).toEqual(first.body);
        expect(again.headers.get("idempotent-replayed")).toBe("true");
        expect(await remaining(c, eventId)).toBe(before - 2);
        const other = await createLink(c, { ...body, reference: newReference() }, "link-key-1");
        expect(other.status).toBe(422);
        expect(other.body.code).toBe("idempotency_key_reused");
        const keyless = await c.api("POST", "/admin/payment-links", {
          token: ADMIN,
          body,
          key: null,
        });
        expect(keyless.status).toBe(400);
        expect(keyless.body.code).toBe("idempotency_key_required");
      });

      test("a new link with the same reference is a new link for the same order: the old one is cancelled", async () => {
        const body = linkBody(eventId);
        const first = z.parse(PaymentLink, (await createLink(c, body)).body);
        const held = await remaining(c, eventId);
        const second = z.parse(
          PaymentLink,
          (await createLink(c, { ...body, expiresAt: new Date(Date.now() + DAY).toISOString() }))
            .body,
        );
        expect(second.id).not.toBe(first.id);
        expect(second.orderId).toBe(first.orderId);
        expect(second.url).not.toBe(first.url);
        expect(await remaining(c, eventId)).toBe(held); // the same seats, not two more
        const order = await adminOrder(c, first.orderId);
        expect(order.status).toBe("pending_payment");
        expect(order.payments).toHaveLength(2);
        const cancelled = (await timeline(c, first.orderId)).filter(
          (e) => e.type === "payment_link.cancelled",
        );
        expect(cancelled).toHaveLength(1);
        expect(cancelled[0]).toMatchObject({
          reason: `replaced by ${second.id}`,
          data: { linkId: first.id },
        });
        // Cancelling the replaced link changes nothing more; the order keeps its new link.
        const again = await c.api("DELETE", `/admin/payment-links/${first.id}`, { token: ADMIN });
        expect(again.status).toBe(204);
        expect((await adminOrder(c, first.orderId)).status).toBe("pending_payment");
        // The amount is locked: other items under the same reference are refused.
        const changed = await createLink(c, { ...body, items: [{ tierId: "ga", quantity: 3 }] });
        expect(changed.status).toBe(422);
        expect(changed.body.errors[0].path).toBe("items");
        // Another reference is another order.
        const other = z.parse(
          PaymentLink,
          (await createLink(c, { ...body, reference: newReference() })).body,
        );
        expect(other.orderId).not.toBe(first.orderId);
      });

      test("DELETE cancels the link and its unpaid order and frees its seats at once", async () => {
        const before = await remaining(c, eventId);
        const link = z.parse(PaymentLink, (await createLink(c, linkBody(eventId))).body);
        expect(await remaining(c, eventId)).toBe(before - 2);
        const answer = await c.api("DELETE", `/admin/payment-links/${link.id}`, { token: ADMIN });
        expect(answer.status).toBe(204);
        expect(await remaining(c, eventId)).toBe(before);
        expect((await adminOrder(c, link.orderId)).status).toBe("cancelled");
        const entries = await timeline(c, link.orderId);
        expect(entries.find((e) => e.type === "payment_link.cancelled")).toMatchObject({
          actor: { id: "staff_1", name: "Box office" },
          data: { linkId: link.id },
        });
        expect(entries.find((e) => e.type === "order.cancelled")?.reason).toBe(
          "payment link cancelled",
        );
        const repeat = await c.api("DELETE", `/admin/payment-links/${link.id}`, { token: ADMIN });
        expect(repeat.status).toBe(204);
        const unknown = await c.api("DELETE", "/admin/payment-links/lnk_000000000000000000000000", {
          token: ADMIN,
        });
        expect(unknown.status).toBe(404);
      });

      test("a paid link cannot be cancelled (409 order_not_payable)", async () => {
        const link = z.parse(PaymentLink, (await createLink(c, linkBody(eventId))).body);
        await h.choose(link.url, "pay");
        expect((await orderBecomes(c, link.orderId, "paid")).status).toBe("paid");
        const answer = await c.api("DELETE", `/admin/payment-links/${link.id}`, { token: ADMIN });
        expect(answer.status).toBe(409);
        expect(answer.body.code).toBe("order_not_payable");
      });

      test("paying a link that a new link replaced still pays its order while it is payable", async () => {
        const body = linkBody(eventId);
        const old = z.parse(PaymentLink, (await createLink(c, body)).body);
        try {
          const reference = await payQuietly(h, old);
          await createLink(c, body); // replaces the old link before the kit heard of the payment
          const delivered = await deliverWebhook(h, c, await sandboxPayment(h, reference));
          expect(delivered.status).toBeLessThan(300);
        } finally {
          h.sandbox.setWebhooksEnabled(true);
        }
        const order = await adminOrder(c, old.orderId);
        expect(order.status).toBe("paid");
        expect(order.tickets).toHaveLength(2);
        const paid = (await timeline(c, old.orderId)).find((e) => e.type === "payment_link.paid");
        expect(paid?.data).toMatchObject({ linkId: old.id, linkStatus: "cancelled" });
      });

      test("paying a link after DELETE cancelled its order goes to manual_review", async () => {
        const link = z.parse(PaymentLink, (await createLink(c, linkBody(eventId))).body);
        try {
          const reference = await payQuietly(h, link);
          expect(
            (await c.api("DELETE", `/admin/payment-links/${link.id}`, { token: ADMIN })).status,
          ).toBe(204);
          await deliverWebhook(h, c, await sandboxPayment(h, reference));
        } finally {
          h.sandbox.setWebhooksEnabled(true);
        }
        const order = await adminOrder(c, link.orderId);
        expect(order.status).toBe("manual_review");
        expect(order.tickets).toEqual([]);
      });

      test("a link expires at its expiry: its seats come back, and a late payment is paid only if seats remain", async () => {
        const vipBefore = await remaining(c, eventId, 1);
        expect(vipBefore).toBe(2);
        const soon = new Date(Date.now() + 10 * 60_000).toISOString();
        const vip = { items: [{ tierId: "vip", quantity: 2 }], expiresAt: soon };
        const lateWithSeats = z.parse(
          PaymentLink,
          (await createLink(c, linkBody(eventId, vip))).body,
        );
        expect(lateWithSeats.expiresAt).toBe(soon);
        expect(await remaining(c, eventId, 1)).toBe(0);
        // The database's clock decides: move this order's expiry into the past.
        const expire = (orderId: string) =>
          h.db.store.query(
            `update admit_holds set expires_at = now() - interval '1 second'
           where id = (select hold_id from admit_orders where id = $1)`,
            [orderId],
          );
        const expireOrder = (orderId: string) =>
          h.db.store.query(
            "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
            [orderId],
          );
        await expire(lateWithSeats.orderId);
        await expireOrder(lateWithSeats.orderId);
        expect(await remaining(c, eventId, 1)).toBe(2);
        await h.admit.reconcilePending();
        expect((await adminOrder(c, lateWithSeats.orderId)).status).toBe("expired");
        // Paid late (the provider's page was still open) while seats remain: paid.
        await h.choose(lateWithSeats.url, "pay");
        expect((await orderBecomes(c, lateWithSeats.orderId, "paid")).status).toBe("paid");
        expect(await remaining(c, eventId, 1)).toBe(0);
        // Free the two VIP seats again (refund voids the tickets), then expire a second link whose
        // seats a buyer takes meanwhile: its late payment goes to manual_review.
        const paid = await adminOrder(c, lateWithSeats.orderId);
        await c.api("POST", `/admin/orders/${paid.id}/cancel`, {
          token: ADMIN,
          body: { reason: "make room", refund: true },
        });
        expect(await remaining(c, eventId, 1)).toBe(2);
        const lateNoSeats = z.parse(
          PaymentLink,
          (await createLink(c, linkBody(eventId, vip))).body,
        );
        await expire(lateNoSeats.orderId);
        await expireOrder(lateNoSeats.orderId);
        await h.admit.reconcilePending();
        const { checkout } = await c.buy(eventId, [{ tierId: "vip", quantity: 2 }]);
        expect(checkout.status).toBe(201);
        await h.choose(lateNoSeats.url, "pay");
        const review = await orderBecomes(c, lateNoSeats.orderId, "manual_review");
        expect(review.status).toBe("manual_review");
        expect(review.tickets).toEqual([]);
      });

      test("the link's expiry is bounded: at least 5 minutes and at most 30 days ahead", async () => {
        const tooSoon = await createLink(
          c,
          linkBody(eventId, { expiresAt: new Date(Date.now() + 60_000).toISOString() }),
        );
        expect(tooSoon.status).toBe(422);
        expect(tooSoon.body.errors[0].path).toBe("expiresAt");
        const tooLate = await createLink(
          c,
          linkBody(eventId, { expiresAt: new Date(Date.now() + 31 * DAY).toISOString() }),
        );
        expect(tooLate.status).toBe(422);
        const fine = await createLink(
          c,
          linkBody(eventId, { expiresAt: new Date(Date.now() + 29 * DAY).toISOString() }),
        );
        expect(fine.status).toBe(201);
      });

      test("bad input answers 422, capacity and limits 409 like a hold, unknown events 404", async () => {
        const bad = [
          { ...linkBody(eventId), reference: undefined },
          { ...linkBody(eventId), items: [] },
          { ...linkBody(eventId), buyer: { name: "x", email: "not-an-email" } },
          linkBody(eventId, { items: [{ tierId: "ga", quantity: 0 }] }),
          linkBody(eventId, {
            items: [
              { tierId: "ga", quantity: 1 },
              { tierId: "ga", quantity: 1 },
            ],
          }),
          linkBody(eventId, { items: [{ tierId: "nope", quantity: 1 }] }),
          linkBody(eventId, { attendees: [{ tierId: "ga", name: "Only one" }] }),
          linkBody(eventId, { expiresAt: "tomorrow" }),
        ];
        for (const body of bad) {
          const answer = await createLink(c, body);
          expect(answer.status, JSON.stringify(body)).toBe(422);
          expect(answer.body.code).toBe("invalid_request");
        }
        const tooMany = await createLink(
          c,
          linkBody(eventId, { items: [{ tierId: "ga", quantity: 11 }] }),
        );
        expect(tooMany.body.code).toBe("limit_exceeded");
        await c.createEvent("links-small", {
          tiers: [{ id: "ga", name: "GA", price: EUR(1000), capacity: 1 }],
        });
        const ok = await createLink(
          c,
          linkBody("links-small", { items: [{ tierId: "ga", quantity: 1 }] }),
        );
        expect(ok.status).toBe(201);
        const soldOut = await createLink(
          c,
          linkBody("links-small", { items: [{ tierId: "ga", quantity: 1 }] }),
        );
        expect(soldOut.status).toBe(409);
        expect(soldOut.body).toMatchObject({ code: "sold_out", tiers: [{ remaining: 0 }] });
        const hold = await c.api("POST", "/holds", {
          body: { eventId: "links-small", items: [{ tierId: "ga", quantity: 1 }] },
        });
        expect(hold.body.code).toBe("sold_out");
        const unknown = await createLink(c, linkBody("no-such-event"));
        expect(unknown.status).toBe(404);
      });

      test("admins only: 401 without the hook's approval, 403 when it refuses", async () => {
        const link = z.parse(PaymentLink, (await createLink(c, linkBody(eventId))).body);
        for (const token of [undefined, "intern"]) {
          const expected = token ? 403 : 401;
          const post = await c.api("POST", "/admin/payment-links", {
            ...(token ? { token } : {}),
            body: linkBody(eventId),
          });
          expect(post.status).toBe(expected);
          const del = await c.api("DELETE", `/admin/payment-links/${link.id}`, {
            ...(token ? { token } : {}),
          });
          expect(del.status).toBe(expected);
        }
        expect((await adminOrder(c, link.orderId)).status).toBe("pending_payment");
      });

      test("the admin client's createPaymentLink() and cancelPaymentLink() speak the kit's contract", async () => {
        const admin = createAdmitAdminClient({ baseUrl: c.baseUrl, token: ADMIN });
        const before = await remaining(c, eventId);
        const link = await admin.createPaymentLink({
          eventId,
          items: [{ tierId: "ga", quantity: 1 }],
          buyer: BUYER,
          reference: newReference(),
        });
        expect(link).toMatchObject({ amount: EUR(4500), status: "active" });
        expect(await remaining(c, eventId)).toBe(before - 1);
        await expect(admin.cancelPaymentLink(link.id)).resolves.toBeUndefined();
        expect(await remaining(c, eventId)).toBe(before);
        await expect(
          admin.createPaymentLink({
            eventId,
            items: [{ tierId: "vip", quantity: 3 }],
            buyer: BUYER,
            reference: newReference(),
          }),
        ).rejects.toMatchObject({ code: "limit_exceeded" });
      });
    });
  },
);

describe("links and holds race for the last seats (real PostgreSQL)", () => {
  const CAPACITY = 4;
  const PROCESSES = 4;
  const EACH = 8; // links and holds, one seat each
  let db: TestDatabase;
  let sandbox: SandboxService;
  let sandboxUrl: string;
  const webhookSecret = generateWebhookSecret();
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    sandbox = createSandboxService({
      apiKey: "sk_race",
      webhookSecret,
      publicUrl: "http://127.0.0.1:0",
      webhooks: false,
    });
    sandboxUrl = (await sandbox.listen()).url.replace(/\/$/, "");
  });
  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
  });

  /** `EACH` links and `EACH` holds at once over `PROCESSES` kits; answers the seats taken. */
  async function race(eventId: string, unsafe: boolean, on = db): Promise<number> {
    const granted = { links: 0, holds: 0 };
    const kits: Admit[] = Array.from({ length: PROCESSES }, () =>
      createAdmit({
        store: on.connect({ max: (2 * EACH) / PROCESSES }),
        providers: [sandboxProvider({ url: sandboxUrl, apiKey: "sk_race", webhookSecret })],
        authorize: testAuthorize,
        unsafeDisableCapacityLock: unsafe,
        rateLimit: { holdsPerMinute: 1000, requestsPerMinute: 1000 },
      }),
    );
    await createEventDirect(kits[0]!, eventId, { capacity: CAPACITY });
    await Promise.all(kits.map((k) => kitRequest(k, "GET", `/events/${eventId}`)));
    const one = [{ tierId: "ga", quantity: 1 }];
    const answers = await Promise.all(
      Array.from({ length: 2 * EACH }, (_, i) => {
        const kit = kits[i % PROCESSES]!;
        return i % 2 === 0
          ? kitRequest(kit, "POST", "/admin/payment-links", {
              token: "admin-secret",
              body: { eventId, items: one, buyer: BUYER, reference: `race-${eventId}-${i}` },
            })
          : kitRequest(kit, "POST", "/holds", {
              body: { eventId, items: one },
              ip: `198.51.100.${i + 1}`,
            });
      }),
    );
    await Promise.all(kits.map((k) => k.close()));
    for (const [i, a] of answers.entries()) {
      expect([201, 409]).toContain(a.status);
      if (a.status === 201) granted[i % 2 === 0 ? "links" : "holds"]++;
    }
    const [row] = await on.store.query<{ taken: number }>(
      `select coalesce(sum(i.quantity), 0)::int as taken from admit_hold_items i
       join admit_holds h on h.id = i.hold_id left join admit_orders o on o.hold_id = h.id
       where i.event_id = $1 and h.expires_at > now()
         and (h.status = 'active' or o.status = 'pending_payment')`,
      [eventId],
    );
    console.log(`link race ${eventId}: ${JSON.stringify({ ...granted, taken: row!.taken })}`);
    return row!.taken;
  }

  test("links and holds together never take more seats than the capacity", async () => {
    for (let round = 0; round < 3; round++)
      expect(await race(`link-race-${round}`, false)).toBe(CAPACITY);
  });

  test("control: the same race with the tier locks and the tier counters' CHECK switched off oversells", async () => {
    const unguarded = await createTestDatabase("postgres");
    try {
      await createAdmit({
        store: unguarded.store,
        providers: [sandboxProvider({ url: sandboxUrl, apiKey: "sk_race", webhookSecret })],
      }).migrate();
      await unguarded.store.query("alter table admit_tiers drop constraint admit_tiers_capacity");
      let worst = 0;
      for (let round = 0; round < 6 && worst <= CAPACITY; round++)
        worst = Math.max(worst, await race(`link-control-${round}`, true, unguarded));
      expect(worst).toBeGreaterThan(CAPACITY);
    } finally {
      await unguarded.drop();
    }
  });
});
