import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Harness, KitClient } from "../testing/test-harness.js";
import { startHarness } from "../testing/test-harness.js";

const ADMIN = "admin-secret";
const EUR = (amount: number) => ({ amount, currency: "EUR" });

/** Rows in every admit_* table of the kit's schema, by table. */
async function rowCounts(h: Harness): Promise<Record<string, number>> {
  const tables = await h.db.store.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name like 'admit\\_%'
     order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = (
      await h.db.store.query<{ n: number }>(`select count(*)::int as n from ${name}`)
    )[0]!.n;
  return counts;
}

/** Tables whose count went down between two snapshots (with before → after). */
function decreased(before: Record<string, number>, after: Record<string, number>) {
  return Object.entries(before)
    .filter(([name, n]) => (after[name] ?? 0) < n)
    .map(([name, n]) => `${name}: ${n} → ${after[name] ?? 0}`);
}

describe("a refund or cancellation never deletes anything (real PostgreSQL)", () => {
  let h: Harness;
  let c: KitClient;
  beforeAll(async () => {
    h = await startHarness({ store: "postgres" });
    c = h.via.express;
    await c.createEvent("keep");
  });
  afterAll(() => h?.close());

  test("a partial refund, a cancel and a full refund only add rows to every admit_* table", async () => {
    const { checkout } = await c.buy("keep", [{ tierId: "ga", quantity: 3 }]);
    const orderId = checkout.body.order.id as string;
    await h.choose(checkout.body.paymentUrl, "pay");
    const paid = await c.pollOrder(orderId, checkout.body.orderToken, (s) => s === "paid");
    expect(paid.body.status).toBe("paid");
    const tickets = paid.body.tickets.map((t: { id: string }) => t.id) as string[];
    const unpaid = (await c.buy("keep", [{ tierId: "ga", quantity: 1 }])).checkout.body.order
      .id as string;

    const steps: [string, () => Promise<{ status: number; body: { status: string } }>, string][] = [
      [
        "partial refund of one ticket",
        () =>
          c.api("POST", `/admin/orders/${orderId}/refunds`, {
            token: ADMIN,
            body: { amount: EUR(4500), reason: "seat broken", ticketIds: [tickets[0]] },
          }),
        "partially_refunded",
      ],
      [
        "cancel of one ticket with its refund",
        () =>
          c.api("POST", `/admin/orders/${orderId}/cancel`, {
            token: ADMIN,
            body: { ticketIds: [tickets[1]], reason: "cannot come", refund: true },
          }),
        "partially_refunded",
      ],
      [
        "full refund of the rest",
        () =>
          c.api("POST", `/admin/orders/${orderId}/refunds`, {
            token: ADMIN,
            body: { amount: EUR(4500), reason: "event moved", ticketIds: [tickets[2]] },
          }),
        "refunded",
      ],
      [
        "cancel of an unpaid order",
        () =>
          c.api("POST", `/admin/orders/${unpaid}/cancel`, {
            token: ADMIN,
            body: { reason: "duplicate", refund: false },
          }),
        "cancelled",
      ],
    ];
    let before = await rowCounts(h);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        "admit_orders",
        "admit_tickets",
        "admit_payment_attempts",
        "admit_refunds",
        "admit_timeline",
      ]),
    );
    for (const [name, step, status] of steps) {
      const answer = await step();
      expect(answer.status, name).toBe(200);
      expect(answer.body.status, name).toBe(status);
      await h.sandbox.webhooksSettled();
      const after = await rowCounts(h);
      expect(decreased(before, after), name).toEqual([]);
      // Each step is recorded by adding, not by rewriting what was there.
      expect(after.admit_timeline, name).toBeGreaterThan(before.admit_timeline!);
      before = after;
    }
    const order = await c.api("GET", `/admin/orders/${orderId}`, { token: ADMIN });
    expect(order.body.tickets.map((t: { status: string }) => t.status)).toEqual([
      "voided",
      "voided",
      "voided",
    ]);
    expect(order.body.refunds).toHaveLength(3);
  });
});
