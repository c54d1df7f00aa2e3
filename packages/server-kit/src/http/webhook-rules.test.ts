import { expect, test } from "vitest";
import { generateWebhookSecret } from "../providers/sandbox/generate-webhook-secret.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { deliverWebhook, sandboxPayment } from "../testing/signed-webhook.js";

// Webhooks are off in the sandbox here: every notification the kit sees is one the test sends,
// built and signed as the sandbox would. Order state is read through the admin route, which
// never triggers a provider lookup.
describeEachKit(
  "webhook confirmation rules",
  { eventPrefix: "wh", harness: { webhooks: false } },
  ({ h, c, framework }) => {
    let n = 0;

    /** A fresh event and a pending order of `quantity` seats whose payment the buyer paid. */
    async function paidAtProvider(quantity = 1, capacity = 10) {
      const eventId = `wh-${framework}-${++n}`;
      await c.createEvent(eventId, {
        tiers: [{ id: "ga", name: "GA", price: { amount: 2500, currency: "EUR" }, capacity }],
      });
      const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity }]);
      const admin = await order(checkout.body.order.id);
      const reference = admin.body.payments[0].providerReference as string;
      return {
        eventId,
        orderId: checkout.body.order.id as string,
        reference,
        paymentUrl: checkout.body.paymentUrl as string,
      };
    }
    /**
     * Every answer refused the signature (400) and changed nothing; then `payment`, properly
     * signed and on time, is accepted and pays the order (the control).
     */
    async function refusedThenAccepted(
      orderId: string,
      payment: Parameters<typeof deliverWebhook>[2],
      before: unknown,
      answers: { status: number; body: { code?: string } }[],
    ) {
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.body.code).toBe("invalid_signature");
      }
      expect((await order(orderId)).body.status).toBe("pending_payment");
      expect(await timeline(orderId)).toEqual(before);
      expect((await deliverWebhook(h, c, payment)).status).toBe(200);
      expect((await order(orderId)).body.status).toBe("paid");
    }
    const order = (id: string) => c.api("GET", `/admin/orders/${id}`, { token: "admin-secret" });
    const timeline = async (id: string) =>
      (await c.api("GET", `/admin/orders/${id}/timeline`, { token: "admin-secret" })).body
        .items as { type: string }[];

    test("a forged signature, a tampered body and a timestamp 310 s off either way (10 s beyond the 300 s tolerance, so a slow delivery under load still lands outside it) answer 400 and change nothing", async () => {
      const p = await paidAtProvider();
      await h.choose(p.paymentUrl, "pay");
      const payment = await sandboxPayment(h, p.reference);
      const before = await timeline(p.orderId);
      const attempts = [
        await deliverWebhook(h, c, payment, { secret: generateWebhookSecret() }),
        await deliverWebhook(h, c, payment, {
          tamper: (b) => b.replace('"amount":2500', '"amount":1'),
        }),
        await deliverWebhook(h, c, payment, { skewSeconds: -310 }),
        await deliverWebhook(h, c, payment, { skewSeconds: 310 }),
      ];
      // Control: the same notification, properly signed and on time, is accepted.
      await refusedThenAccepted(p.orderId, payment, before, attempts);
    });

    test("a byte-order mark before a signed body is refused (the signature covers the exact bytes) and changes nothing", async () => {
      const p = await paidAtProvider();
      await h.choose(p.paymentUrl, "pay");
      const payment = await sandboxPayment(h, p.reference);
      const before = await timeline(p.orderId);
      // Signed without it, sent with EF BB BF in front: a decoder that strips the mark would
      // verify bytes the provider never signed.
      const answer = await deliverWebhook(h, c, payment, { tamper: (b) => `\uFEFF${b}` });
      // Control: the same body without the mark is accepted.
      await refusedThenAccepted(p.orderId, payment, before, [answer]);
    });

    test("the same notification delivered 10 times at once makes one transition", async () => {
      const p = await paidAtProvider();
      await h.choose(p.paymentUrl, "pay");
      const payment = await sandboxPayment(h, p.reference);
      const id = `msg_dup_${framework}_${n}`;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => deliverWebhook(h, c, payment, { id })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(answers.filter((a) => a.body.changed)).toHaveLength(1);
      const entries = await timeline(p.orderId);
      expect(entries.filter((e) => e.type === "order.paid")).toHaveLength(1);
      expect(entries.filter((e) => e.type === "payment.captured")).toHaveLength(1);
      expect((await order(p.orderId)).body.tickets).toHaveLength(1);
    });

    test("a late failed notification never undoes paid", async () => {
      const p = await paidAtProvider();
      await h.choose(p.paymentUrl, "pay");
      const payment = await sandboxPayment(h, p.reference);
      await deliverWebhook(h, c, payment);
      const late = await deliverWebhook(h, c, {
        ...payment,
        status: "failed",
        failureReason: "declined",
      });
      expect(late.status).toBe(200);
      const after = await order(p.orderId);
      expect(after.body.status).toBe("paid");
      expect(after.body.payments[0].status).toBe("captured");
    });

    test("a payment after the hold expired is accepted while seats remain", async () => {
      const p = await paidAtProvider(1, 10);
      await h.choose(p.paymentUrl, "pay");
      await h.db.store.query(
        `update admit_orders set expires_at = now() - interval '1 second' where id = $1;`,
        [p.orderId],
      );
      await h.db.store.query(
        "update admit_holds set expires_at = now() - interval '1 second' where id = (select hold_id from admit_orders where id = $1)",
        [p.orderId],
      );
      await deliverWebhook(h, c, await sandboxPayment(h, p.reference));
      const after = await order(p.orderId);
      expect(after.body.status).toBe("paid");
      expect(after.body.tickets).toHaveLength(1);
    });

    test("a payment after the hold expired without seats left goes to manual_review and never oversells", async () => {
      const p = await paidAtProvider(2, 2);
      await h.choose(p.paymentUrl, "pay");
      await h.db.store.query(
        "update admit_orders set expires_at = now() - interval '1 second' where id = $1",
        [p.orderId],
      );
      await h.db.store.query(
        "update admit_holds set expires_at = now() - interval '1 second' where id = (select hold_id from admit_orders where id = $1)",
        [p.orderId],
      );
      const other = await c.api("POST", "/holds", {
        body: { eventId: p.eventId, items: [{ tierId: "ga", quantity: 2 }] },
      });
      expect(other.status).toBe(201);
      await deliverWebhook(h, c, await sandboxPayment(h, p.reference));
      const after = await order(p.orderId);
      expect(after.body.status).toBe("manual_review");
      expect(after.body.tickets).toHaveLength(0);
      const [tier] = await h.db.store.query<{ sold: number }>(
        "select sold from admit_tiers where event_id = $1",
        [p.eventId],
      );
      expect(tier!.sold).toBe(0);
      const entries = await timeline(p.orderId);
      expect(entries.at(-1)).toMatchObject({
        type: "order.manual_review",
        reason: "paid_without_seats",
      });
    });

    test("an amount or currency that differs from the order goes to manual_review", async () => {
      const p = await paidAtProvider();
      await h.choose(p.paymentUrl, "pay");
      const payment = await sandboxPayment(h, p.reference);
      await deliverWebhook(h, c, { ...payment, amountCaptured: { amount: 100, currency: "EUR" } });
      const after = await order(p.orderId);
      expect(after.body.status).toBe("manual_review");
      expect(after.body.tickets).toHaveLength(0);
      expect((await timeline(p.orderId)).at(-1)).toMatchObject({ reason: "amount_mismatch" });
      // The same amount in another currency is a mismatch too.
      const q = await paidAtProvider();
      await h.choose(q.paymentUrl, "pay");
      const other = await sandboxPayment(h, q.reference);
      await deliverWebhook(h, c, { ...other, amountCaptured: { amount: 2500, currency: "USD" } });
      const afterCurrency = await order(q.orderId);
      expect(afterCurrency.body.status).toBe("manual_review");
      expect(afterCurrency.body.tickets).toHaveLength(0);
      expect((await timeline(q.orderId)).at(-1)).toMatchObject({
        reason: "amount_mismatch",
        data: { received: { amount: 2500, currency: "USD" } },
      });
    });

    test("the return route never changes an order, whatever its query string", async () => {
      const p = await paidAtProvider();
      await h.choose(p.paymentUrl, "pay");
      const before = await timeline(p.orderId);
      for (const query of [
        "",
        "?status=paid",
        "?paid=true&admit_order=x",
        "?payment_status=captured&signature=abc",
      ]) {
        const answer = await c.api("GET", `/return/${p.orderId}${query}`);
        expect(answer.status).toBe(303);
        const location = new URL(answer.headers.get("location")!);
        expect(location.searchParams.get("admit_order")).toBe(p.orderId);
        expect(location.href).not.toMatch(/token/i);
      }
      expect((await order(p.orderId)).body.status).toBe("pending_payment");
      expect(await timeline(p.orderId)).toEqual(before);
    });
  },
);
