import { AdminOrder, createAdmitAdminClient, PaymentLink, WaitlistPage } from "@admit/client";
import { parse } from "csv-parse/sync";
import { expect, test } from "vitest";
import * as z from "zod/mini";
import { adminOrder, adminTimeline, adminOrderUntil as until } from "../testing/admin-orders.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import type { KitClient } from "../testing/test-harness.js";

const ADMIN = "admin-secret";
const BUYER = { name: "Grace Hopper", email: "grace@example.com" };
const STAFF = { id: "staff_1", name: "Box office" };

let refs = 0;
const newReference = () => `INV-R-${++refs}-${Date.now()}`;

async function createLink(c: KitClient, eventId: string, reference = newReference()) {
  const answer = await c.api("POST", "/admin/payment-links", {
    token: ADMIN,
    body: { eventId, items: [{ tierId: "ga", quantity: 1 }], buyer: BUYER, reference },
  });
  expect(answer.status).toBe(201);
  return z.parse(PaymentLink, answer.body);
}

async function getLink(c: KitClient, linkId: string) {
  const answer = await c.api("GET", `/admin/payment-links/${linkId}`, { token: ADMIN });
  expect(answer.status).toBe(200);
  return z.parse(PaymentLink, answer.body);
}

describeEachKit(
  "back-office reads",
  {
    eventPrefix: "reads",
    event: {
      tiers: [
        { id: "ga", name: "Standing", price: { amount: 4500, currency: "EUR" }, capacity: 50 },
        {
          id: "vip",
          name: "VIP",
          price: { amount: 12000, currency: "EUR" },
          capacity: 1,
          waitlist: true,
        },
      ],
    },
  },
  ({ h, c, eventId }) => {
    test("a payment link reads back with its status and expiry; who created, sent and cancelled it is on the timeline", async () => {
      const reference = newReference();
      const first = await createLink(c, eventId, reference);
      expect(await getLink(c, first.id)).toEqual(first);
      expect(first).toMatchObject({ status: "active", createdBy: STAFF });
      const sent = await c.api("POST", `/admin/payment-links/${first.id}/resend`, {
        token: ADMIN,
        body: { to: BUYER.email, channel: "email" },
      });
      expect(sent.status).toBe(200);
      expect(z.parse(PaymentLink, sent.body).lastSentAt).toBeDefined();
      const second = await createLink(c, eventId, reference); // replaces the first
      const replaced = await getLink(c, first.id);
      expect(replaced).toMatchObject({ status: "cancelled" });
      expect(replaced.cancelledAt).toBeDefined();
      const refused = await c.api("POST", `/admin/payment-links/${first.id}/resend`, {
        token: ADMIN,
        body: {},
      });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: "order_not_payable", linkStatus: "cancelled" });

      await h.choose(second.url, "pay");
      const paid = await until(c, second.orderId, (o) => o.status === "paid");
      expect(paid.paymentLinks.map((l) => [l.id, l.status])).toEqual([
        [first.id, "cancelled"],
        [second.id, "paid"],
      ]);
      expect(paid.paymentLinks[1]!.expiresAt).toBe(second.expiresAt);
      const entries = await adminTimeline(c, second.orderId);
      const linkEntries = entries
        .filter((e) => e.type.startsWith("payment_link."))
        .map((e) => [e.type, e.data.linkId, "id" in e.actor ? e.actor.id : "system"]);
      expect(linkEntries).toEqual([
        ["payment_link.created", first.id, STAFF.id],
        ["payment_link.sent", first.id, STAFF.id],
        ["payment_link.cancelled", first.id, STAFF.id],
        ["payment_link.created", second.id, STAFF.id],
        ["payment_link.paid", second.id, "system"],
      ]);
      expect(entries.find((e) => e.type === "payment_link.sent")!.data).toMatchObject({
        to: BUYER.email,
        channel: "email",
      });
    });

    test("a link past its expiry reads as expired; unknown links answer 404, bad input 422", async () => {
      const link = await createLink(c, eventId);
      await h.db.store.query(
        "update admit_payment_links set expires_at = now() - interval '1 minute' where id = $1",
        [link.id],
      );
      expect((await getLink(c, link.id)).status).toBe("expired");
      const unknown = await c.api("GET", "/admin/payment-links/lnk_000000000000000000000000", {
        token: ADMIN,
      });
      expect(unknown.status).toBe(404);
      const badBody = await c.api("POST", `/admin/payment-links/${link.id}/resend`, {
        token: ADMIN,
        body: { to: "not an e-mail" },
      });
      expect(badBody.status).toBe(422);
      expect(badBody.body.errors[0].path).toBe("to");
      const anonymous = await c.api("GET", `/admin/payment-links/${link.id}`);
      expect(anonymous.status).toBe(401);
    });

    test("the admin order says why it is in manual_review, when it was paid and by which payment", async () => {
      const link = await createLink(c, eventId);
      const cancelled = await c.api("DELETE", `/admin/payment-links/${link.id}`, { token: ADMIN });
      expect(cancelled.status).toBe(204);
      await h.choose(link.url, "pay"); // the sandbox cannot close an open page: it still pays
      const review = await until(c, link.orderId, (o) => o.status === "manual_review");
      expect(review.manualReview).toMatchObject({ reason: "paid_after_cancel" });
      expect(review.paidAt).toBeUndefined();
      expect(review.paidWith).toBeUndefined();
      const accepted = await c.api("POST", `/admin/orders/${link.orderId}/resolve`, {
        token: ADMIN,
        body: { decision: "accept", reason: "customer confirmed" },
      });
      expect(accepted.status).toBe(200);
      const order = z.parse(AdminOrder, accepted.body);
      expect(order.status).toBe("paid");
      expect(order.manualReview).toMatchObject({ reason: "paid_after_cancel" }); // still told
      expect(Date.parse(order.paidAt!)).toBeGreaterThan(Date.parse(order.createdAt));
      expect(order.paidWith).toEqual({
        paymentAttemptId: link.paymentAttemptId,
        provider: "sandbox",
        providerReference: order.payments[0]!.providerReference,
      });
    });

    test("waitlist entries are listed in queue order with status, position, offer and expiry, paginated", async () => {
      const held = await c.api("POST", "/holds", {
        body: { eventId, items: [{ tierId: "vip", quantity: 1 }] },
      });
      expect(held.status).toBe(201);
      const ids: string[] = [];
      for (const email of ["a@example.com", "b@example.com", "c@example.com"]) {
        const joined = await c.api("POST", "/waitlist", {
          body: { eventId, tierId: "vip", email, quantity: 1 },
        });
        expect(joined.status).toBe(201);
        ids.push(joined.body.id);
      }
      const list = async (query: string) => {
        const answer = await c.api("GET", `/admin/waitlist?eventId=${eventId}${query}`, {
          token: ADMIN,
        });
        expect(answer.status).toBe(200);
        return z.parse(WaitlistPage, answer.body);
      };
      expect((await list("")).items.map((e) => [e.status, e.position])).toEqual([
        ["waiting", 1],
        ["waiting", 2],
        ["waiting", 3],
      ]);
      await c.api("DELETE", `/holds/${held.body.id}`, { token: held.body.token });
      const all = await list("");
      expect(all.items.map((e) => [e.id, e.status, e.position])).toEqual([
        [ids[0], "offered", null],
        [ids[1], "waiting", 1],
        [ids[2], "waiting", 2],
      ]);
      const offer = all.items[0]!.offer!;
      const order = await adminOrder(c, offer.orderId);
      expect(offer).toMatchObject({
        orderStatus: "pending_payment",
        paymentLinkId: order.paymentLinks[0]!.id,
        url: order.paymentLinks[0]!.url,
        expiresAt: order.paymentLinks[0]!.expiresAt,
      });
      const first = await list("&limit=2");
      expect(first.items.map((e) => e.id)).toEqual(ids.slice(0, 2));
      const rest = await list(`&limit=2&cursor=${first.nextCursor}`);
      expect(rest.items.map((e) => e.id)).toEqual([ids[2]]);
      expect(rest.nextCursor).toBeNull();
      expect((await list("&status=waiting")).items.map((e) => e.id)).toEqual(ids.slice(1));
      const badCursor = await c.api("GET", "/admin/waitlist?cursor=zzz", { token: ADMIN });
      expect(badCursor.status).toBe(422);
      expect(badCursor.body.errors[0].path).toBe("cursor");
      const badStatus = await c.api("GET", "/admin/waitlist?status=gone", { token: ADMIN });
      expect(badStatus.status).toBe(422);
      expect((await c.api("GET", "/admin/waitlist")).status).toBe(401);
    });
  },
  ({ h }) => {
    test("the admin client's getPaymentLink(), resendPaymentLink(), listWaitlist() and CSV exports speak the kit's contract", async () => {
      const c = h.via.fastify;
      const admin = createAdmitAdminClient({ baseUrl: c.baseUrl, token: ADMIN });
      const link = await createLink(c, "reads-fastify");
      expect(await admin.getPaymentLink(link.id)).toEqual(link);
      const sent = await admin.resendPaymentLink(link.id);
      expect(sent.lastSentAt).toBeDefined();
      const page = await admin.listWaitlist({ eventId: "reads-fastify", limit: 1 });
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).not.toBeNull();
      const csv = await admin.exportOrdersCsv({ eventId: "reads-fastify" });
      const rows = parse(csv, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.order_id)).toContain(link.orderId);
      const report = await admin.exportReconciliationCsv("reads-fastify");
      expect(report.split("\r\n")[0]).toMatch(/^row,event_id,order_id,/);
    });
  },
);
