import { createAdmitAdminClient, Reconciliation } from "@admit/client";
import { beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { buyAndPay } from "../testing/paid-order.js";
import type { Harness, KitClient } from "../testing/test-harness.js";

const ADMIN = "admin-secret";
const EUR = (amount: number) => ({ amount, currency: "EUR" });

async function reconcile(c: KitClient, eventId: string): Promise<Reconciliation> {
  const answer = await c.api("GET", `/admin/events/${eventId}/reconciliation`, { token: ADMIN });
  expect(answer.status, answer.text).toBe(200);
  return z.parse(Reconciliation, answer.body);
}

/** A paid order of `quantity` standing tickets (4500 each); answers its ids and ticket codes. */
async function buyPaid(h: Harness, c: KitClient, eventId: string, quantity = 2) {
  const { paid } = await buyAndPay(h, c, eventId, [{ tierId: "ga", quantity }]);
  const admin = await c.api("GET", `/admin/orders/${paid.body.id}`, { token: ADMIN });
  return {
    id: paid.body.id as string,
    paymentId: admin.body.payments[0].id as string,
    providerReference: admin.body.payments[0].providerReference as string,
    tickets: paid.body.tickets as { id: string; code: string }[],
  };
}

/** A payment made at the sandbox directly, as if the kit's transaction had been lost. */
async function sandboxOnlyPayment(h: Harness, eventId: string, pay: boolean) {
  const response = await fetch(`${h.sandboxUrl}/api/payments`, {
    method: "POST",
    headers: {
      authorization: "Bearer sk_test",
      "content-type": "application/json",
      "idempotency-key": crypto.randomUUID(),
    },
    body: JSON.stringify({
      paymentId: `pay_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`,
      orderId: "ord_lost0000000000000000000",
      amount: EUR(4500),
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
      returnUrl: "https://shop.example/thanks",
      description: "lost checkout",
      eventId,
      captureMode: "automatic",
    }),
  });
  const payment = (await response.json()) as { id: string; paymentUrl: string };
  if (pay) await h.choose(payment.paymentUrl, "pay");
  return payment;
}

describeEachKit(
  "reconciliation",
  { eventPrefix: "recon" },
  ({ h, c, eventId }) => {
    test("counts tickets sold, entries and refunds, and money per provider, with no mismatch", async () => {
      const empty = await reconcile(c, eventId);
      expect(empty).toMatchObject({
        eventId,
        ticketsSold: 0,
        entries: 0,
        ticketsRefunded: 0,
        providers: [{ provider: "sandbox", captured: EUR(0), refunded: EUR(0) }],
        mismatches: [],
      });
      const a = await buyPaid(h, c, eventId, 2);
      const b = await buyPaid(h, c, eventId, 1);
      const checkIn = await c.api("POST", "/admin/check-ins", {
        token: ADMIN,
        body: { code: a.tickets[0]!.code },
      });
      expect(checkIn.status).toBe(200);
      const refund = await c.api("POST", `/admin/orders/${a.id}/refunds`, {
        token: ADMIN,
        body: { amount: EUR(4500), reason: "cannot come", ticketIds: [a.tickets[1]!.id] },
      });
      expect(refund.status).toBe(200);
      // A pending order sells nothing yet.
      await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
      const report = await reconcile(c, eventId);
      expect(report).toMatchObject({
        ticketsSold: 3,
        entries: 1,
        ticketsRefunded: 1,
        providers: [{ provider: "sandbox", captured: EUR(13_500), refunded: EUR(4500) }],
        mismatches: [],
      });
      expect(b.tickets).toHaveLength(1);
    });
  },
  ({ h }) => {
    describe("mismatches (through express)", () => {
      let c: KitClient;
      beforeAll(() => {
        c = h.via.express;
      });

      test("paid_without_capture: an order paid locally whose payment the provider never captured", async () => {
        await c.createEvent("recon-uncaptured");
        const { checkout } = await c.buy("recon-uncaptured", [{ tierId: "ga", quantity: 1 }]);
        const orderId = checkout.body.order.id;
        expect((await reconcile(c, "recon-uncaptured")).mismatches).toEqual([]);
        await h.db.store.query("update admit_orders set status = 'paid' where id = $1", [orderId]);
        await h.db.store.query(
          "update admit_payment_attempts set status = 'captured' where order_id = $1",
          [orderId],
        );
        const { mismatches } = await reconcile(c, "recon-uncaptured");
        expect(mismatches).toEqual([
          expect.objectContaining({ kind: "paid_without_capture", orderId }),
        ]);
      });

      test("amount_mismatch: the provider captured another amount than recorded", async () => {
        await c.createEvent("recon-amount");
        const order = await buyPaid(h, c, "recon-amount", 1);
        expect((await reconcile(c, "recon-amount")).mismatches).toEqual([]);
        await h.db.store.query("update admit_payment_attempts set amount = 4400 where id = $1", [
          order.paymentId,
        ]);
        const { mismatches } = await reconcile(c, "recon-amount");
        expect(mismatches).toEqual([
          expect.objectContaining({
            kind: "amount_mismatch",
            orderId: order.id,
            paymentId: order.paymentId,
            providerReference: order.providerReference,
          }),
        ]);
      });

      test("status_mismatch: the provider captured a payment the kit has not heard of; a lookup settles it", async () => {
        await c.createEvent("recon-status");
        const { checkout } = await c.buy("recon-status", [{ tierId: "ga", quantity: 1 }]);
        h.sandbox.setWebhooksEnabled(false);
        try {
          await h.choose(checkout.body.paymentUrl, "pay");
          const { mismatches } = await reconcile(c, "recon-status");
          expect(mismatches).toEqual([
            expect.objectContaining({
              kind: "status_mismatch",
              orderId: checkout.body.order.id,
              detail: "recorded requested, sandbox says captured",
            }),
          ]);
        } finally {
          h.sandbox.setWebhooksEnabled(true);
        }
        // Control: once the periodic lookup applied the provider's word, nothing is left.
        await h.admit.reconcilePending();
        expect((await reconcile(c, "recon-status")).mismatches).toEqual([]);
      });

      test("payment_without_order: money at the provider for the event that no local order knows", async () => {
        await c.createEvent("recon-orphan");
        await buyPaid(h, c, "recon-orphan", 1);
        // An unpaid stray request and a paid one for another event are not this event's problem.
        await sandboxOnlyPayment(h, "recon-orphan", false);
        await sandboxOnlyPayment(h, "recon-elsewhere", true);
        expect((await reconcile(c, "recon-orphan")).mismatches).toEqual([]);
        const orphan = await sandboxOnlyPayment(h, "recon-orphan", true);
        const { mismatches } = await reconcile(c, "recon-orphan");
        expect(mismatches).toEqual([
          expect.objectContaining({ kind: "payment_without_order", providerReference: orphan.id }),
        ]);
      });

      test("payment links are part of it, and the admin client's getReconciliation() speaks the contract", async () => {
        await c.createEvent("recon-links");
        const link = await c.api("POST", "/admin/payment-links", {
          token: ADMIN,
          body: {
            eventId: "recon-links",
            items: [{ tierId: "ga", quantity: 2 }],
            buyer: { name: "Grace Hopper", email: "grace@example.com" },
            reference: "DEAL-1",
          },
        });
        await h.choose(link.body.url, "pay");
        const admin = createAdmitAdminClient({ baseUrl: c.baseUrl, token: ADMIN });
        let report = await admin.getReconciliation("recon-links");
        for (let i = 0; i < 50 && report.ticketsSold === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          report = await admin.getReconciliation("recon-links");
        }
        expect(report).toMatchObject({
          ticketsSold: 2,
          providers: [{ provider: "sandbox", captured: EUR(9000) }],
          mismatches: [],
        });
        await expect(admin.getReconciliation("no-such-event")).rejects.toMatchObject({
          code: "not_found",
        });
      });

      test("admins only", async () => {
        const anonymous = await c.api("GET", "/admin/events/recon-links/reconciliation");
        expect(anonymous.status).toBe(401);
        const intern = await c.api("GET", "/admin/events/recon-links/reconciliation", {
          token: "intern",
        });
        expect(intern.status).toBe(403);
      });
    });
  },
);
