import { AdminOrder, PaymentLink } from "@admit/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { adminOrder, adminOrderUntil as until } from "../testing/admin-orders.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { forwardedTo } from "../testing/sandbox-page.js";
import { sandboxPayment } from "../testing/signed-webhook.js";
import { type Harness, type KitClient, startHarness } from "../testing/test-harness.js";

const ADMIN = "admin-secret";
const EUR = (amount: number) => ({ amount, currency: "EUR" });
const BUYER = { name: "Grace Hopper", email: "grace@example.com" };

let refs = 0;
const newReference = () => `INV-X-${++refs}-${Date.now()}`;

const refund = (c: KitClient, orderId: string, body: unknown, key?: string) =>
  c.api("POST", `/admin/orders/${orderId}/refunds`, {
    token: ADMIN,
    body,
    ...(key ? { key } : {}),
  });

const mismatches = async (c: KitClient, eventId: string) => {
  const answer = await c.api("GET", `/admin/events/${eventId}/reconciliation`, { token: ADMIN });
  expect(answer.status).toBe(200);
  return answer.body.mismatches as { kind: string; orderId?: string; paymentId?: string }[];
};

/**
 * The case: a link replaced by a new one for the same order, the old link paid (the
 * order is paid through it), then the new link paid too. Answers the order and both attempts.
 */
async function paidTwiceThroughLinks(h: Harness, c: KitClient, eventId: string) {
  const body = { eventId, items: [{ tierId: "ga", quantity: 2 }], buyer: BUYER };
  const reference = newReference();
  const create = async () =>
    z.parse(
      PaymentLink,
      (await c.api("POST", "/admin/payment-links", { token: ADMIN, body: { ...body, reference } }))
        .body,
    );
  const replaced = await create();
  const current = await create();
  expect(current.orderId).toBe(replaced.orderId);
  expect(await forwardedTo(await h.choose(replaced.url, "pay"))).toContain("/return/");
  await until(c, replaced.orderId, (o) => o.status === "paid");
  expect(await forwardedTo(await h.choose(current.url, "pay"))).toContain("/return/");
  const order = await until(
    c,
    replaced.orderId,
    (o) => o.payments.filter((p) => p.status === "captured").length === 2,
  );
  const paying = order.payments.find((p) => p.role === "order")!;
  const extra = order.payments.find((p) => p.role === "extra")!;
  expect(paying.id).toBe(replaced.paymentAttemptId);
  expect(extra.id).toBe(current.paymentAttemptId);
  return { order, paying, extra };
}

describeEachKit(
  "refunds of a chosen payment",
  { eventPrefix: "extra" },
  ({ h, c, eventId }) => {
    test("an extra payment stays flagged after the order is refunded, until that payment itself is refunded", async () => {
      const { order, paying, extra } = await paidTwiceThroughLinks(h, c, eventId);
      expect(order).toMatchObject({
        status: "paid",
        paidWith: { paymentAttemptId: paying.id, providerReference: paying.providerReference },
      });
      expect(extra).toMatchObject({ captured: EUR(9000), refunded: EUR(0) });
      const flagged = [
        expect.objectContaining({
          kind: "amount_mismatch",
          orderId: order.id,
          paymentId: extra.id,
        }),
      ];
      expect(await mismatches(c, eventId)).toEqual(flagged);

      // Refunding the order returns the order's money: the payment that paid it.
      const whole = await refund(c, order.id, { amount: EUR(9000), reason: "event moved" });
      expect(whole.status).toBe(200);
      expect(whole.body).toMatchObject({ status: "refunded", refunded: EUR(9000) });
      expect((await sandboxPayment(h, paying.providerReference!)).amountRefunded).toEqual(
        EUR(9000),
      );
      expect((await sandboxPayment(h, extra.providerReference!)).amountRefunded).toEqual(EUR(0));
      expect(await mismatches(c, eventId)).toEqual(flagged);

      // Nothing of the order's own money remains, but the extra payment can be refunded.
      const back = await refund(c, order.id, {
        amount: EUR(9000),
        reason: "paid twice",
        paymentAttemptId: extra.id,
      });
      expect(back.status).toBe(200);
      const after = z.parse(AdminOrder, back.body);
      expect(after).toMatchObject({ status: "refunded", refunded: EUR(9000) });
      expect(after.refunds).toMatchObject([
        { status: "succeeded", paymentAttemptId: paying.id, extraPayment: false },
        { status: "succeeded", paymentAttemptId: extra.id, extraPayment: true, amount: EUR(9000) },
      ]);
      expect(after.payments.find((p) => p.id === extra.id)).toMatchObject({
        status: "refunded",
        refunded: EUR(9000),
      });
      expect(after.tickets).toEqual(whole.body.tickets); // an extra payment paid for no tickets
      expect((await sandboxPayment(h, extra.providerReference!)).amountRefunded).toEqual(EUR(9000));
      expect(await mismatches(c, eventId)).toEqual([]);
    });
  },
  ({ h, store }) => {
    let control: Harness;

    describe("rules (through express)", () => {
      let c: KitClient;
      const eventId = "extra-rules";
      beforeAll(async () => {
        c = h.via.express;
        await c.createEvent(eventId);
      });

      test("a chosen payment must be the order's, captured, and refunds at most what it captured", async () => {
        const { order, paying, extra } = await paidTwiceThroughLinks(h, c, eventId);
        const other = await paidTwiceThroughLinks(h, c, eventId);
        const foreign = await refund(c, order.id, {
          amount: EUR(100),
          reason: "wrong order",
          paymentAttemptId: other.extra.id,
        });
        expect(foreign.status).toBe(422);
        expect(foreign.body).toMatchObject({
          code: "invalid_request",
          errors: [{ path: "paymentAttemptId" }],
        });
        const malformed = await refund(c, order.id, {
          amount: EUR(100),
          reason: "typo",
          paymentAttemptId: "sbx_pay_1",
        });
        expect(malformed.status).toBe(422);
        expect(malformed.body.errors[0].path).toBe("paymentAttemptId");
        const tooMuch = await refund(c, order.id, {
          amount: EUR(9001),
          reason: "too much",
          paymentAttemptId: extra.id,
        });
        expect(tooMuch.status).toBe(409);
        expect(tooMuch.body).toMatchObject({ code: "refund_exceeds_paid", refundable: EUR(9000) });
        const withTickets = await refund(c, order.id, {
          amount: EUR(4500),
          reason: "one ticket",
          paymentAttemptId: extra.id,
          ticketIds: [order.tickets[0]!.id],
        });
        expect(withTickets.status).toBe(422);
        expect(withTickets.body.errors[0].path).toBe("ticketIds");
        // Part of the extra payment, then the order's own payment named explicitly.
        const part = await refund(c, order.id, {
          amount: EUR(4000),
          reason: "part",
          paymentAttemptId: extra.id,
        });
        expect(part.body).toMatchObject({ status: "paid", refunded: EUR(0) });
        // The order's own money is untouched by it.
        const info = await c.api("GET", `/admin/orders/${order.id}/cancellation`, { token: ADMIN });
        expect(info.body.refundable).toEqual(EUR(9000));
        const rest = await refund(c, order.id, {
          amount: EUR(5001),
          reason: "rest",
          paymentAttemptId: extra.id,
        });
        expect(rest.body).toMatchObject({ code: "refund_exceeds_paid", refundable: EUR(5000) });
        const own = await refund(c, order.id, {
          amount: EUR(4500),
          reason: "one ticket",
          paymentAttemptId: paying.id,
          ticketIds: [order.tickets[0]!.id],
        });
        expect(own.body).toMatchObject({ status: "partially_refunded", refunded: EUR(4500) });
        expect((await sandboxPayment(h, paying.providerReference!)).amountRefunded).toEqual(
          EUR(4500),
        );
        expect((await sandboxPayment(h, extra.providerReference!)).amountRefunded).toEqual(
          EUR(4000),
        );
        // The extra payment still holds 5000: still flagged.
        expect((await mismatches(c, eventId)).filter((m) => m.paymentId === extra.id)).toHaveLength(
          1,
        );
      });

      test("a payment that captured nothing has nothing to refund (409, refundable 0)", async () => {
        const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
        const orderId: string = checkout.body.order.id;
        const token: string = checkout.body.orderToken;
        const second = await c.api("POST", `/orders/${orderId}/payments`, { token, body: {} });
        await h.choose(second.body.paymentUrl, "pay");
        const order = await until(c, orderId, (o) => o.status === "paid");
        const unpaid = order.payments.find((p) => p.role === "none")!;
        expect(unpaid.captured).toEqual(EUR(0));
        const answer = await refund(c, orderId, {
          amount: EUR(100),
          reason: "wrong one",
          paymentAttemptId: unpaid.id,
        });
        expect(answer.status).toBe(409);
        expect(answer.body).toMatchObject({ code: "refund_exceeds_paid", refundable: EUR(0) });
      });

      test("a refund without a chosen payment goes to the payment that paid the order, not an earlier extra one", async () => {
        const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }]);
        const orderId: string = checkout.body.order.id;
        const token: string = checkout.body.orderToken;
        const second = await c.api("POST", `/orders/${orderId}/payments`, { token, body: {} });
        await h.choose(second.body.paymentUrl, "pay");
        await until(c, orderId, (o) => o.status === "paid");
        await h.choose(checkout.body.paymentUrl, "pay"); // the first, superseded attempt pays too
        const order = await until(
          c,
          orderId,
          (o) => o.payments.filter((p) => p.status === "captured").length === 2,
        );
        const [first, latest] = order.payments;
        expect(latest).toMatchObject({ role: "order" });
        expect(first).toMatchObject({ role: "extra" });
        const answer = await refund(c, orderId, { amount: EUR(9000), reason: "refund all" });
        expect(answer.body).toMatchObject({ status: "refunded", refunded: EUR(9000) });
        expect((await sandboxPayment(h, latest!.providerReference!)).amountRefunded).toEqual(
          EUR(9000),
        );
        expect((await sandboxPayment(h, first!.providerReference!)).amountRefunded).toEqual(EUR(0));
      });

      test("a refund the provider fails is listed as failed, the amount stays refundable, and a new request refunds", async () => {
        const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 2 }]);
        const orderId: string = checkout.body.order.id;
        await h.choose(checkout.body.paymentUrl, "pay");
        const paid = await until(c, orderId, (o) => o.status === "paid");
        const reference = paid.payments[0]!.providerReference!;
        const body = { amount: EUR(3000), reason: "voucher" };
        h.sandbox.setRefundFailure("refund_impossible");
        try {
          const failed = await refund(c, orderId, body, `fail-${orderId}`);
          expect(failed.status).toBe(502);
          expect(failed.body.code).toBe("provider_unavailable");
          expect(failed.body.detail).toContain("refund_impossible");
          // The same key asks the provider again with the same refund: it answers the same failure.
          const again = await refund(c, orderId, body, `fail-${orderId}`);
          expect(again.status).toBe(502);
        } finally {
          h.sandbox.setRefundFailure(null);
        }
        const shown = await adminOrder(c, orderId);
        expect(shown).toMatchObject({ status: "paid", refunded: EUR(0) });
        expect(shown.refunds).toMatchObject([
          { status: "failed", failure: "refund_impossible", amount: EUR(3000), reason: "voucher" },
        ]);
        const info = await c.api("GET", `/admin/orders/${orderId}/cancellation`, { token: ADMIN });
        expect(info.body.refundable).toEqual(EUR(9000));
        expect((await sandboxPayment(h, reference)).amountRefunded).toEqual(EUR(0));

        const retried = await refund(c, orderId, { ...body, reason: "voucher, retried" });
        expect(retried.status).toBe(200);
        const after = z.parse(AdminOrder, retried.body);
        expect(after).toMatchObject({ status: "partially_refunded", refunded: EUR(3000) });
        expect(after.refunds.map((r) => [r.status, r.amount.amount])).toEqual([
          ["failed", 3000],
          ["succeeded", 3000],
        ]);
        expect((await sandboxPayment(h, reference)).amountRefunded).toEqual(EUR(3000));
        const types = (
          await c.api("GET", `/admin/orders/${orderId}/timeline`, { token: ADMIN })
        ).body.items.map((e: { type: string }) => e.type);
        expect(types.filter((t: string) => t.startsWith("refund."))).toEqual([
          "refund.requested",
          "refund.failed",
          "refund.requested",
          "refund.failed",
          "refund.requested",
          "refund.succeeded",
        ]);
      });
    });

    describe("control", () => {
      beforeAll(async () => {
        control = await startHarness({
          store,
          kit: { unsafeOldExtraPaymentRule: true },
        });
        await control.via.express.createEvent("extra-control");
      });
      afterAll(() => control?.close());

      test("control: with the old rule, refunding the order hides the extra payment from reconciliation", async () => {
        const c = control.via.express;
        const { order, extra } = await paidTwiceThroughLinks(control, c, "extra-control");
        expect(await mismatches(c, "extra-control")).toEqual([
          expect.objectContaining({ kind: "amount_mismatch", paymentId: extra.id }),
        ]);
        await refund(c, order.id, { amount: EUR(9000), reason: "event moved" });
        expect((await sandboxPayment(control, extra.providerReference!)).amountRefunded).toEqual(
          EUR(0),
        );
        expect(await mismatches(c, "extra-control")).toEqual([]);
      });
    });
  },
);
