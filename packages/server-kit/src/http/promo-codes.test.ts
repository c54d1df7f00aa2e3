import { AdminOrder, Event, Hold, ORDER_CSV_COLUMNS, PromoCodeCheck } from "@admit/client/contract";
import { expect, test } from "vitest";
import * as z from "zod/mini";
import { describeEachKit } from "../testing/describe-each-kit.js";

const ADMIN = { token: "admin-secret" };
const EUR = (amount: number) => ({ amount, currency: "EUR" });
const BUYER = { name: "Ada Lovelace", email: "ada@example.com" };

describeEachKit("promo codes, fees and taxes", { eventPrefix: "promo" }, ({ h, c, framework }) => {
  let n = 0;
  /** A fresh event: `ga` €45 incl. 19 % VAT + €1.50 fee per ticket, `crew` hidden, `ws` €10 + 7 % VAT, €1 per order. */
  async function event(): Promise<string> {
    const eventId = `promo-${framework}-${++n}`;
    await c.createEvent(eventId, {
      tiers: [
        {
          id: "ga",
          name: "Standing",
          price: EUR(4500),
          capacity: 100,
          tax: { rateBasisPoints: 1900, pricing: "inclusive" },
          fee: { kind: "fixed", amount: EUR(150), per: "ticket" },
        },
        { id: "crew", name: "Crew", price: EUR(1000), capacity: 5, hiddenWithoutCode: true },
        {
          id: "ws",
          name: "Workshop",
          price: EUR(1000),
          capacity: 10,
          tax: { rateBasisPoints: 700, pricing: "exclusive" },
          fee: { kind: "fixed", amount: EUR(100), per: "order" },
        },
      ],
    });
    return eventId;
  }
  const code = (eventId: string, body: object) =>
    c.api("POST", `/admin/events/${eventId}/promo-codes`, { ...ADMIN, body });
  const hold = (eventId: string, items: object[], promoCode?: string) =>
    c.api("POST", "/holds", { body: { eventId, items, ...(promoCode ? { promoCode } : {}) } });
  async function pay(held: { body: { id: string; token: string } }) {
    const checkout = await c.api("POST", `/holds/${held.body.id}/checkout`, {
      token: held.body.token,
      body: { buyer: BUYER, returnUrl: `${new URL(c.baseUrl).origin}/thanks` },
    });
    expect(checkout.status).toBe(201);
    await h.choose(checkout.body.paymentUrl, "pay");
    await h.sandbox.webhooksSettled();
    const { id } = checkout.body.order;
    const order = await c.pollOrder(id, checkout.body.orderToken, (s) => s === "paid");
    expect(order.body.status).toBe("paid");
    return { id, order };
  }

  test("a hidden tier's waitlist is not there without a code: the same answer as an unknown tier", async () => {
    const eventId = `promo-${framework}-${++n}`;
    await c.createEvent(eventId, {
      tiers: [
        { id: "ga", name: "Standing", price: EUR(4500), capacity: 0, waitlist: true },
        {
          id: "crew",
          name: "Crew",
          price: EUR(1000),
          capacity: 0,
          waitlist: true,
          hiddenWithoutCode: true,
        },
      ],
    });
    const join = (tierId: string) =>
      c.api("POST", "/waitlist", {
        body: { eventId, tierId, email: "ada@example.com", quantity: 1 },
      });
    expect((await join("ga")).status).toBe(201);
    const hidden = await join("crew");
    const unknown = await join("nope");
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors).toEqual(unknown.body.errors);
  });

  test("the event shows fees and taxes, hides the hidden tier, and says it has codes only once it has one", async () => {
    const eventId = await event();
    const before = z.parse(Event, (await c.api("GET", `/events/${eventId}`)).body);
    expect(before.tiers.map((t) => t.id)).toEqual(["ga", "ws"]);
    expect(before.hasPromoCodes).toBeUndefined();
    expect(before.tiers[0]).toMatchObject({
      tax: { rateBasisPoints: 1900, pricing: "inclusive" },
      fee: { kind: "fixed", amount: EUR(150), per: "ticket" },
    });
    expect(
      (await code(eventId, { code: "Hi", discount: { kind: "percent", basisPoints: 1000 } }))
        .status,
    ).toBe(201);
    // The event view is cacheable for a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await c.api("GET", `/events/${eventId}`)).body.hasPromoCodes).toBe(true);
  });

  test("inclusive VAT and a fee: hold, order, tickets and the CSV carry the same breakdown, adding up", async () => {
    const eventId = await event();
    const held = await hold(eventId, [
      { tierId: "ga", quantity: 2 },
      { tierId: "ws", quantity: 3 },
    ]);
    expect(held.status).toBe(201);
    const body = z.parse(Hold, held.body);
    // ga: 4500 incl. 718 VAT + 150 fee each; ws: 1000 + 70 VAT each, the €1 order fee 34/33/33.
    expect(body.lines!.map((l) => l.breakdown)).toEqual([
      { net: 7564, tax: 1436, fee: 300, discount: 0, gross: 9300 },
      { net: 3000, tax: 210, fee: 100, discount: 0, gross: 3310 },
    ]);
    expect(body.total.amount).toBe(12610);
    expect(body.breakdown).toEqual({ net: 10564, tax: 1646, fee: 400, discount: 0, gross: 12610 });
    const { id, order } = await pay(held);
    expect(order.body.total.amount).toBe(12610);
    expect(order.body.breakdown).toEqual(body.breakdown);
    expect(order.body.tickets.map((t: { price: { gross: number } }) => t.price.gross)).toEqual([
      4650, 4650, 1104, 1103, 1103,
    ]);
    const admin = z.parse(AdminOrder, (await c.api("GET", `/admin/orders/${id}`, ADMIN)).body);
    expect(admin.lines.map((l) => l.total.amount)).toEqual([9300, 3310]);
    expect(admin.lines.map((l) => l.unitPrice.amount)).toEqual([4500, 1000]);
    expect(admin.breakdown.gross).toBe(admin.total.amount);
    const csv = await c.api("GET", `/admin/orders?eventId=${eventId}&format=csv`, ADMIN);
    const rows = csv.text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .map((r) => r.split(","));
    expect(rows[0]).toEqual([...ORDER_CSV_COLUMNS]);
    const col = (row: string[], name: string) => row[ORDER_CSV_COLUMNS.indexOf(name as never)];
    expect(
      rows.slice(1).map((r) => [col(r, "line_total"), col(r, "line_tax"), col(r, "line_fee")]),
    ).toEqual([
      ["9300", "1436", "300"],
      ["3310", "210", "100"],
    ]);
    expect(col(rows[1]!, "order_tax")).toBe("1646");
    const report = await c.api("GET", `/admin/events/${eventId}/reconciliation`, ADMIN);
    expect(report.body.breakdown).toEqual([
      {
        currency: "EUR",
        charged: { net: 10564, tax: 1646, fee: 400, discount: 0, gross: 12610 },
        refunded: { net: 0, tax: 0, fee: 0, discount: 0, gross: 0 },
      },
    ]);
  });

  test("a code applied at hold time: case-insensitive, discount on the code's tiers, the code on the order and tickets", async () => {
    const eventId = await event();
    await code(eventId, {
      code: "Early20",
      discount: { kind: "percent", basisPoints: 2000 },
      tierIds: ["ga"],
    });
    const check = await c.api("GET", `/events/${eventId}/promo-codes/EARLY20`);
    expect(z.parse(PromoCodeCheck, check.body)).toMatchObject({
      code: "Early20",
      unlockedTiers: [],
    });
    const held = await hold(
      eventId,
      [
        { tierId: "ga", quantity: 1 },
        { tierId: "ws", quantity: 1 },
      ],
      "early20",
    );
    expect(held.status).toBe(201);
    expect(held.body.promoCode).toBe("Early20");
    // 20 % of 4500 = 900 off; VAT on 3600 = 575; fee 150. ws unchanged: 1000 + 70 + 100.
    expect(held.body.lines[0].breakdown).toEqual({
      net: 3025,
      tax: 575,
      fee: 150,
      discount: 900,
      gross: 3750,
    });
    expect(held.body.lines[1].breakdown.discount).toBe(0);
    const { id } = await pay(held);
    const admin = (await c.api("GET", `/admin/orders/${id}`, ADMIN)).body;
    expect(admin.promoCode).toBe("Early20");
    expect(admin.tickets.map((t: { promoCode: string }) => t.promoCode)).toEqual([
      "Early20",
      "Early20",
    ]);
    const timeline = await c.api("GET", `/admin/orders/${id}/timeline`, ADMIN);
    expect(timeline.body.items[0]).toMatchObject({
      type: "hold.created",
      data: { promoCode: "Early20" },
    });
    const uses = await c.api("GET", `/admin/events/${eventId}/promo-codes/early20/uses`, ADMIN);
    expect(uses.body.items).toEqual([
      expect.objectContaining({ orderId: id, counted: true, uses: 1, discount: EUR(900) }),
    ]);
  });

  test("refunds split back through the breakdown: a cancelled ticket returns its own tax and fee, never more than charged", async () => {
    const eventId = await event();
    const { id, order } = await pay(await hold(eventId, [{ tierId: "ga", quantity: 2 }]));
    const [first] = order.body.tickets as { id: string }[];
    const cancel = await c.api("POST", `/admin/orders/${id}/cancel`, {
      ...ADMIN,
      body: { ticketIds: [first!.id], reason: "cannot come", refund: true },
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.refunds[0].breakdown).toEqual({
      net: 3782,
      tax: 718,
      fee: 150,
      discount: 0,
      gross: 4650,
    });
    // The rest, as an amount: what remains of each part, exactly.
    const rest = await c.api("POST", `/admin/orders/${id}/refunds`, {
      ...ADMIN,
      body: { amount: EUR(4650), reason: "goodwill" },
    });
    expect(rest.status).toBe(200);
    const admin = z.parse(AdminOrder, rest.body);
    expect(admin.refundedBreakdown).toEqual({
      net: 7564,
      tax: 1436,
      fee: 300,
      discount: 0,
      gross: 9300,
    });
    expect(admin.refundedBreakdown).toEqual({ ...admin.breakdown, discount: 0 });
    const report = await c.api("GET", `/admin/events/${eventId}/reconciliation`, ADMIN);
    expect(report.body.breakdown[0].refunded).toEqual(admin.refundedBreakdown);
  });

  test("a hidden tier is sold only with a code that unlocks it", async () => {
    const eventId = await event();
    const refused = await hold(eventId, [{ tierId: "crew", quantity: 1 }]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: "items.0.tierId", message: "unknown tier" }]);
    await code(eventId, { code: "CREW", unlocksTierIds: ["crew"] });
    const check = await c.api("GET", `/events/${eventId}/promo-codes/crew`);
    expect(check.body.unlockedTiers).toEqual([
      expect.objectContaining({ id: "crew", price: EUR(1000), availability: "available" }),
    ]);
    const held = await hold(eventId, [{ tierId: "crew", quantity: 1 }], "crew");
    expect(held.status).toBe(201);
    expect(held.body.total).toEqual(EUR(1000));
    // An unlock-only code does not apply to other tiers.
    expect((await hold(eventId, [{ tierId: "ga", quantity: 1 }], "crew")).body.code).toBe(
      "promo_code_not_applicable",
    );
  });

  test("uses: released and expired holds give theirs back, a paid order keeps it, N is never passed", async () => {
    const eventId = await event();
    await code(eventId, {
      code: "ONCE",
      discount: { kind: "amount_off", amount: EUR(500) },
      maxUses: 1,
    });
    const first = await hold(eventId, [{ tierId: "ga", quantity: 1 }], "once");
    expect(first.status).toBe(201);
    expect((await hold(eventId, [{ tierId: "ga", quantity: 1 }], "once")).body.code).toBe(
      "promo_code_used_up",
    );
    await c.api("DELETE", `/holds/${first.body.id}`, { token: first.body.token });
    const second = await hold(eventId, [{ tierId: "ga", quantity: 1 }], "once");
    expect(second.status).toBe(201);
    await h.db.store.query(
      "update admit_holds set expires_at = now() - interval '1 second' where id = $1",
      [second.body.id],
    );
    const third = await hold(eventId, [{ tierId: "ga", quantity: 1 }], "once");
    expect(third.status).toBe(201);
    await pay(third);
    await h.db.store.query(
      "update admit_holds set expires_at = now() - interval '1 second' where id = $1",
      [third.body.id],
    );
    expect((await hold(eventId, [{ tierId: "ga", quantity: 1 }], "once")).body.code).toBe(
      "promo_code_used_up",
    );
    const list = await c.api("GET", `/admin/events/${eventId}/promo-codes`, ADMIN);
    expect(list.body.items[0]).toMatchObject({ code: "ONCE", uses: 1, maxUses: 1 });
  });

  test("each ticket is a use with scope ticket; per order at most maxUsesPerOrder", async () => {
    const eventId = await event();
    await code(eventId, {
      code: "TWO",
      discount: { kind: "percent", basisPoints: 1000 },
      maxUses: 3,
      maxUsesPerOrder: 2,
    });
    expect((await hold(eventId, [{ tierId: "ga", quantity: 3 }], "two")).body.code).toBe(
      "limit_exceeded",
    );
    expect((await hold(eventId, [{ tierId: "ga", quantity: 2 }], "two")).status).toBe(201);
    const over = await hold(eventId, [{ tierId: "ga", quantity: 2 }], "two");
    expect(over.body).toMatchObject({ code: "promo_code_used_up", remainingUses: 1 });
    expect((await hold(eventId, [{ tierId: "ga", quantity: 1 }], "two")).status).toBe(201);
  });

  test("distinct refusals: unknown, not yet valid, expired, disabled, not applicable", async () => {
    const eventId = await event();
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    await code(eventId, {
      code: "SOON",
      discount: { kind: "percent", basisPoints: 100 },
      validFrom: soon,
    });
    await code(eventId, {
      code: "PAST",
      discount: { kind: "percent", basisPoints: 100 },
      validUntil: "2020-01-01T00:00:00Z",
    });
    await code(eventId, {
      code: "WS",
      discount: { kind: "percent", basisPoints: 100 },
      tierIds: ["ws"],
    });
    const item = [{ tierId: "ga", quantity: 1 }];
    const unknown = await hold(eventId, item, "nope");
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      code: "promo_code_unknown",
      errors: [{ path: "promoCode" }],
    });
    expect((await hold(eventId, item, "soon")).body).toMatchObject({
      code: "promo_code_expired",
      validFrom: soon,
    });
    expect((await hold(eventId, item, "past")).body.code).toBe("promo_code_expired");
    expect((await hold(eventId, item, "ws")).body.code).toBe("promo_code_not_applicable");
    await c.api("POST", `/admin/events/${eventId}/promo-codes/ws/disable`, ADMIN);
    expect((await hold(eventId, [{ tierId: "ws", quantity: 1 }], "ws")).body.code).toBe(
      "promo_code_unknown",
    );
    // Nothing was held by a refused hold.
    const view = (await c.api("GET", `/events/${eventId}`)).body;
    expect(view.tiers[0].remaining).toBe(100);
  });

  test("the admin input is checked: tiers of the event, the event's currency, unique in any case", async () => {
    const eventId = await event();
    const bad = await code(eventId, {
      code: "BAD",
      discount: { kind: "amount_off", amount: { amount: 100, currency: "USD" } },
      tierIds: ["nope"],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
      "tierIds.0",
      "discount.amount.currency",
    ]);
    expect((await code(eventId, { code: "Dup", unlocksTierIds: ["crew"] })).status).toBe(201);
    expect((await code(eventId, { code: "DUP", unlocksTierIds: ["crew"] })).body.code).toBe(
      "promo_code_exists",
    );
    expect((await code(eventId, { code: "none" })).status).toBe(422);
  });
});
