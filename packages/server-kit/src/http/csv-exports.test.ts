import { type AdminOrder, ORDER_CSV_COLUMNS, OrderPage, Reconciliation } from "@admit/client";
import { parse } from "csv-parse/sync";
import { beforeAll, expect, test } from "vitest";
import * as z from "zod/mini";
import { type CsvCell, toCsv } from "../http/csv-response.js";
import { orderCsvBatches } from "../services/orders/order-csv.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { buyAndPay } from "../testing/paid-order.js";
import type { Harness, KitClient } from "../testing/test-harness.js";

const ADMIN = "admin-secret";
const EUR = (amount: number) => ({ amount, currency: "EUR" });
const TRICKY_TIER = 'Standing, "front"';
const TRICKY_BUYER = '=HYPERLINK("http://evil.example"), Ann';
const TRICKY_REFERENCE = "+31 20 555 0100";

type Row = Record<string, string>;

/** RFC 4180 parsing by a CSV library, the header naming the fields. */
function parseCsv(text: string): Row[] {
  return parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Row[];
}

/** What a spreadsheet user sees once a cell lost its formula guard. */
const unguarded = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

async function paidOrder(
  h: Harness,
  c: KitClient,
  eventId: string,
  items: { tierId: string; quantity: number }[],
  checkoutBody: Record<string, unknown> = {},
): Promise<string> {
  return (await buyAndPay(h, c, eventId, items, checkoutBody)).checkout.body.order.id;
}

async function ordersJson(c: KitClient, eventId: string): Promise<AdminOrder[]> {
  const answer = await c.api("GET", `/admin/orders?eventId=${eventId}&limit=1000`, {
    token: ADMIN,
  });
  return z.parse(OrderPage, answer.body).items;
}

describeEachKit(
  "CSV exports",
  {
    eventPrefix: "csv",
    event: {
      tiers: [
        { id: "ga", name: TRICKY_TIER, price: EUR(4500), capacity: 100 },
        { id: "vip", name: "VIP", price: EUR(12000), capacity: 10 },
      ],
    },
  },
  ({ h, c, eventId }) => {
    beforeAll(async () => {
      const mixed = await paidOrder(h, c, eventId, [
        { tierId: "ga", quantity: 2 },
        { tierId: "vip", quantity: 1 },
      ]);
      const refunded = await c.api("POST", `/admin/orders/${mixed}/refunds`, {
        token: ADMIN,
        body: { amount: EUR(4500), reason: "one cannot come" },
      });
      expect(refunded.status).toBe(200);
      await paidOrder(h, c, eventId, [{ tierId: "ga", quantity: 1 }], {
        buyer: { name: TRICKY_BUYER, email: "ann@example.com" },
        reference: TRICKY_REFERENCE,
      });
      await c.buy(eventId, [{ tierId: "vip", quantity: 2 }]); // pending, unpaid
    });

    test("the order list as CSV has one row per order line and says what the JSON says", async () => {
      const answer = await c.api("GET", `/admin/orders?eventId=${eventId}&format=csv`, {
        token: ADMIN,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
      expect(answer.headers.get("content-disposition")).toContain("orders.csv");
      const rows = parseCsv(answer.text);
      expect(Object.keys(rows[0]!)).toEqual([...ORDER_CSV_COLUMNS]);
      const orders = await ordersJson(c, eventId);
      expect(orders).toHaveLength(3);
      const expected = orders.flatMap((o) =>
        o.lines.map((line, i) => {
          const tickets = o.tickets.filter((t) => t.tierId === line.tierId);
          return {
            order_id: o.id,
            event_id: o.eventId,
            status: o.status,
            reference: o.reference ?? "",
            buyer_name: o.buyer.name,
            buyer_email: o.buyer.email,
            created_at: o.createdAt,
            updated_at: o.updatedAt,
            paid_at: o.paidAt ?? "",
            currency: o.total.currency,
            currency_exponent: "2",
            order_total: String(o.total.amount),
            order_refunded: String(o.refunded.amount),
            paid_payment_attempt_id: o.paidWith?.paymentAttemptId ?? "",
            paid_provider: o.paidWith?.provider ?? "",
            paid_provider_reference: o.paidWith?.providerReference ?? "",
            manual_review_reason: o.manualReview?.reason ?? "",
            line: String(i + 1),
            tier_id: line.tierId,
            tier_name: line.tierName,
            quantity: String(line.quantity),
            unit_price: String(line.unitPrice.amount),
            line_total: String(line.total.amount),
            tickets_valid: String(tickets.filter((t) => t.status === "valid").length),
            tickets_voided: String(tickets.filter((t) => t.status === "voided").length),
            tickets_checked_in: String(tickets.filter((t) => t.checkedInAt).length),
            // The event asks nothing: no answers (questions.test.ts checks them filled).
            order_answers: "",
            attendee_answers: "",
            promo_code: o.promoCode ?? "",
            order_net: String(o.breakdown.net),
            order_tax: String(o.breakdown.tax),
            order_fee: String(o.breakdown.fee),
            order_discount: String(o.breakdown.discount),
            order_refunded_net: String(o.refundedBreakdown.net),
            order_refunded_tax: String(o.refundedBreakdown.tax),
            order_refunded_fee: String(o.refundedBreakdown.fee),
            line_net: String(line.breakdown.net),
            line_tax: String(line.breakdown.tax),
            line_fee: String(line.breakdown.fee),
            line_discount: String(line.breakdown.discount),
          };
        }),
      );
      expect(
        rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, unguarded(v)]))),
      ).toEqual(expected);
      // To the cent: each order's lines add up to its total.
      for (const order of orders) {
        const lines = rows.filter((r) => r.order_id === order.id);
        expect(lines.reduce((sum, r) => sum + Number(r.line_total), 0)).toBe(order.total.amount);
      }
      const mixed = rows.filter((r) => r.tier_id === "vip" && r.status === "partially_refunded");
      expect(mixed).toHaveLength(1);
      expect(mixed[0]).toMatchObject({ order_total: "21000", order_refunded: "4500" });
      expect(
        rows.filter((r) => r.status === "paid" || r.status === "partially_refunded"),
      ).toSatisfy((paid: Row[]) =>
        paid.every((r) => r.paid_at !== "" && r.paid_provider_reference !== ""),
      );
    });

    test("CSV cells are quoted (RFC 4180) and text a spreadsheet would run as a formula is prefixed with '", async () => {
      const answer = await c.api("GET", `/admin/orders?eventId=${eventId}&format=csv`, {
        token: ADMIN,
      });
      expect(answer.text.startsWith("order_id,")).toBe(true); // fetch's text() drops the BOM
      expect(answer.text).toContain("\r\n");
      expect(answer.text.replaceAll("\r\n", "")).not.toContain("\n");
      expect(answer.text).toContain('"Standing, ""front"""');
      const rows = parseCsv(answer.text);
      const tricky = rows.find((r) => r.buyer_email === "ann@example.com")!;
      expect(tricky.buyer_name).toBe(`'${TRICKY_BUYER}`);
      expect(tricky.reference).toBe(`'${TRICKY_REFERENCE}`);
      expect(tricky.tier_name).toBe(TRICKY_TIER);
    });

    test("Accept: text/csv answers the same CSV; an unknown format answers 422", async () => {
      const byParam = await c.api("GET", `/admin/orders?eventId=${eventId}&format=csv`, {
        token: ADMIN,
      });
      const byAccept = await c.api("GET", `/admin/orders?eventId=${eventId}`, {
        token: ADMIN,
        headers: { accept: "text/csv" },
      });
      expect(byAccept.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(byAccept.text).toBe(byParam.text);
      const json = await c.api("GET", `/admin/orders?eventId=${eventId}&format=json`, {
        token: ADMIN,
        headers: { accept: "text/csv" },
      });
      expect(json.headers.get("content-type")).toMatch(/^application\/json/);
      const unknown = await c.api("GET", `/admin/orders?eventId=${eventId}&format=xlsx`, {
        token: ADMIN,
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: "invalid_request", errors: [{ path: "format" }] });
      const report = await c.api("GET", `/admin/events/${eventId}/reconciliation?format=xlsx`, {
        token: ADMIN,
      });
      expect(report.status).toBe(422);
      const anonymous = await c.api("GET", `/admin/orders?eventId=${eventId}&format=csv`);
      expect(anonymous.status).toBe(401);
    });

    test("the reconciliation as CSV has one row per payment and adds up to the JSON totals", async () => {
      // An extra payment: a superseded attempt paid after the order was paid.
      const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
      const orderId = checkout.body.order.id;
      const token = checkout.body.orderToken;
      const second = await c.api("POST", `/orders/${orderId}/payments`, { token, body: {} });
      await h.choose(second.body.paymentUrl, "pay");
      await c.pollOrder(orderId, token, (s) => s === "paid");
      await h.choose(checkout.body.paymentUrl, "pay");
      for (let i = 0; i < 100; i++) {
        const order = await c.api("GET", `/admin/orders/${orderId}`, { token: ADMIN });
        if (order.body.payments.every((p: { status: string }) => p.status === "captured")) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const json = z.parse(
        Reconciliation,
        (await c.api("GET", `/admin/events/${eventId}/reconciliation`, { token: ADMIN })).body,
      );
      const answer = await c.api("GET", `/admin/events/${eventId}/reconciliation`, {
        token: ADMIN,
        headers: { accept: "text/csv" },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^text\/csv/);
      const rows = parseCsv(answer.text);
      const payments = rows.filter((r) => r.row === "payment");
      const totals = rows.filter((r) => r.row === "provider_total");
      expect(
        totals.map((r) => ({ provider: r.provider, captured: r.captured, refunded: r.refunded })),
      ).toEqual(
        json.providers.map((p) => ({
          provider: p.provider,
          captured: String(p.captured.amount),
          refunded: String(p.refunded.amount),
        })),
      );
      for (const total of json.providers) {
        const own = payments.filter((r) => r.provider === total.provider);
        expect(own.reduce((sum, r) => sum + Number(r.captured), 0)).toBe(total.captured.amount);
        expect(own.reduce((sum, r) => sum + Number(r.refunded), 0)).toBe(total.refunded.amount);
      }
      const flagged = payments
        .filter((r) => r.mismatches !== "")
        .map((r) => [r.payment_attempt_id, r.mismatches]);
      expect(flagged).toEqual(json.mismatches.map((m) => [m.paymentId, m.kind]));
      expect(json.mismatches).toEqual([
        expect.objectContaining({ kind: "amount_mismatch", orderId }),
      ]);
      const extra = payments.find((r) => r.mismatches === "amount_mismatch")!;
      expect(extra).toMatchObject({
        role: "extra",
        provider_status: "captured",
        order_id: orderId,
      });
      expect(rows.filter((r) => r.row === "unknown_payment")).toEqual([]);
      // The breakdown rows say what the JSON's breakdown says.
      const split = (kind: string) =>
        rows
          .filter((r) => r.row === `${kind}_total`)
          .map((r) => ({
            currency: r.currency,
            net: r.net,
            tax: r.tax,
            fee: r.fee,
            gross: r.gross,
          }));
      for (const kind of ["charged", "refunded"] as const)
        expect(split(kind)).toEqual(
          json.breakdown.map((b) => ({
            currency: b.currency,
            net: String(b[kind].net),
            tax: String(b[kind].tax),
            fee: String(b[kind].fee),
            gross: String(b[kind].gross),
          })),
        );
    });
  },
  ({ h }) => {
    test("the export pages through the database and streams each page as it is read", async () => {
      const c = h.via.express;
      const orders = await ordersJson(c, "csv-express");
      const query = { eventId: "csv-express", limit: 100 };
      const batches: CsvCell[][][] = [];
      for await (const batch of orderCsvBatches(h.db.store, query, 1)) batches.push(batch);
      expect(batches.length).toBeGreaterThanOrEqual(orders.length);
      const whole: CsvCell[][] = [];
      for await (const batch of orderCsvBatches(h.db.store, query)) whole.push(...batch);
      expect(batches.flat()).toEqual(whole);

      const response = await h.admit.handle(
        new Request("http://kit.test/admin/orders?eventId=csv-express&format=csv", {
          headers: { authorization: `Bearer ${ADMIN}` },
        }),
      );
      expect(response.body).toBeInstanceOf(ReadableStream);
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (let next = await reader.read(); !next.done; next = await reader.read())
        chunks.push(next.value);
      expect(chunks.length).toBeGreaterThanOrEqual(2); // the header, then the rows
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks));
      expect(text).toBe(`\uFEFF${toCsv([[...ORDER_CSV_COLUMNS], ...whole])}`);
    });
  },
);
