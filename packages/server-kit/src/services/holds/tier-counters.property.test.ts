import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Harness, KitClient } from "../../testing/test-harness.js";
import { startHarness } from "../../testing/test-harness.js";

const ADMIN = "admin-secret";
const TIERS = { ga: 5, vip: 3 } as const;
type TierId = keyof typeof TIERS;

type Op =
  | { kind: "hold"; tier: TierId; quantity: number }
  | { kind: "release" | "expire" | "checkout" | "pay" | "refund" | "cancel"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("hold" as const),
      tier: fc.constantFrom<TierId>("ga", "vip"),
      quantity: fc.integer({ min: 1, max: 2 }),
    }),
    weight: 2,
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        "release" as const,
        "expire" as const,
        "checkout" as const,
        "pay" as const,
        "refund" as const,
        "cancel" as const,
      ),
      pick: fc.nat(),
    }),
  },
);

interface Bought {
  holdId: string;
  holdToken: string;
  orderId?: string;
  orderToken?: string;
  paymentUrl?: string;
  paid?: boolean;
}

/**
 * The tier counters against a recount from the rows they summarize, for every tier of `eventId`:
 * `held` is the seats of counted items, of which the live ones are exactly the seats of active
 * holds and open orders not yet expired; `sold` the valid or checked-in tickets; `waiting` the
 * waiting entries; and the invariant `sold + held + set_aside <= capacity`.
 */
async function checkCounters(h: Harness, eventId: string) {
  const rows = await h.db.store.query<{
    id: string;
    capacity: number;
    held: number;
    sold: number;
    set_aside: number;
    counted: number;
    live_counted: number;
    live: number;
    tickets: number;
  }>(
    `select t.id, t.capacity, t.held, t.sold, t.set_aside,
       (select coalesce(sum(quantity), 0) from admit_hold_items i
         where i.event_id = t.event_id and i.tier_id = t.id and i.counted)::int as counted,
       (select coalesce(sum(quantity), 0) from admit_hold_items i
         where i.event_id = t.event_id and i.tier_id = t.id and i.counted and i.expires_at > now())::int as live_counted,
       (select coalesce(sum(i.quantity), 0) from admit_hold_items i join admit_holds h on h.id = i.hold_id
         left join admit_orders o on o.hold_id = h.id
         where i.event_id = t.event_id and i.tier_id = t.id and h.expires_at > now()
           and (h.status = 'active' or (h.status = 'converted' and o.status in ('pending_payment', 'failed'))))::int as live,
       (select count(*) from admit_tickets k where k.event_id = t.event_id and k.tier_id = t.id
         and (k.status = 'valid' or k.checked_in_at is not null))::int as tickets
     from admit_tiers t where t.event_id = $1 order by t.id`,
    [eventId],
  );
  for (const row of rows) {
    expect(row.held, `${row.id}: held counter vs counted items`).toBe(row.counted);
    expect(row.live_counted, `${row.id}: live held vs live holds and open orders`).toBe(row.live);
    expect(row.sold, `${row.id}: sold counter vs tickets`).toBe(row.tickets);
    expect(row.sold + row.held + row.set_aside).toBeLessThanOrEqual(row.capacity);
  }
  const view = await h.admit.handle(new Request(`http://kit.test/events/${eventId}`));
  const tiers = (await view.json()).tiers as { id: string; remaining: number }[];
  for (const row of rows)
    expect(tiers.find((t) => t.id === row.id)!.remaining).toBe(
      Math.max(0, row.capacity - row.sold - row.live),
    );
}

describe("tier counters under random holds, releases, expiries, payments, refunds and cancels", () => {
  let h: Harness;
  let c: KitClient;
  let events = 0;
  /** What really happened across the runs, so the property cannot pass on no-ops alone. */
  const done = new Map<string, number>();
  const count = (what: string) => done.set(what, (done.get(what) ?? 0) + 1);
  beforeAll(async () => {
    h = await startHarness({
      store: "postgres",
      kit: {
        rateLimit: { holdsPerMinute: 100_000, requestsPerMinute: 100_000 },
        maxHeldSeatsPerClient: 1_000,
      },
    });
    c = h.via.express;
  });
  afterAll(() => h?.close());

  async function run(ops: Op[]) {
    const eventId = `counters-${++events}`;
    await c.createEvent(eventId, {
      tiers: (Object.keys(TIERS) as TierId[]).map((id) => ({
        id,
        name: id,
        price: { amount: 1500, currency: "EUR" },
        capacity: TIERS[id],
        maxPerOrder: 2,
      })),
    });
    const bought: Bought[] = [];
    const pick = (n: number, where: (b: Bought) => boolean) => {
      const found = bought.filter(where);
      return found.length > 0 ? found[n % found.length] : undefined;
    };
    const checkout = async (b: Bought): Promise<boolean> => {
      const answer = await c.api("POST", `/holds/${b.holdId}/checkout`, {
        token: b.holdToken,
        body: {
          buyer: { name: "Ada", email: "ada@example.com" },
          returnUrl: `${new URL(c.baseUrl).origin}/thanks`,
        },
      });
      count(`checkout ${answer.status}`);
      if (answer.status !== 201) return false;
      b.orderId = answer.body.order.id;
      b.orderToken = answer.body.orderToken;
      b.paymentUrl = answer.body.paymentUrl;
      return true;
    };
    const pay = async (b: Bought): Promise<boolean> => {
      await h.choose(b.paymentUrl!, "pay");
      const paid = await c.pollOrder(b.orderId!, b.orderToken!, (s) => s !== "pending_payment", 40);
      count(`pay ${paid.body.status}`);
      b.paid = paid.body.status === "paid";
      return b.paid;
    };
    for (const step of ops) {
      if (step.kind === "hold") {
        const hold = await c.api("POST", "/holds", {
          body: { eventId, items: [{ tierId: step.tier, quantity: step.quantity }] },
        });
        expect([201, 409]).toContain(hold.status);
        count(`hold ${hold.status}`);
        if (hold.status === 201) bought.push({ holdId: hold.body.id, holdToken: hold.body.token });
      } else if (step.kind === "release") {
        const b = pick(step.pick, (x) => !x.orderId);
        if (b)
          count(
            `release ${(await c.api("DELETE", `/holds/${b.holdId}`, { token: b.holdToken })).status}`,
          );
      } else if (step.kind === "expire") {
        // Time passes for one hold (and its order): the database clock decides, so move its expiry.
        const b = pick(step.pick, () => true);
        if (b) {
          await h.db.store.query(
            "update admit_holds set expires_at = now() - interval '1 second' where id = $1",
            [b.holdId],
          );
          await h.db.store.query(
            "update admit_orders set expires_at = now() - interval '1 second' where hold_id = $1",
            [b.holdId],
          );
          count("expire");
        }
      } else if (step.kind === "checkout") {
        const b = pick(step.pick, (x) => !x.orderId);
        if (b) await checkout(b);
      } else if (step.kind === "pay") {
        // Pay an open order, or check out a hold and pay that: every run that can pays.
        const b =
          pick(step.pick, (x) => !!x.paymentUrl && !x.paid) ?? pick(step.pick, (x) => !x.orderId);
        if (b && (b.paymentUrl || (await checkout(b)))) await pay(b);
      } else {
        const b =
          pick(step.pick, (x) => !!x.paid) ??
          pick(step.pick, (x) => !!x.paymentUrl && !x.paid) ??
          pick(step.pick, (x) => !x.orderId);
        if (!b || !(b.paid || ((b.paymentUrl || (await checkout(b))) && (await pay(b))))) continue;
        if (step.kind === "refund") {
          const order = await c.api("GET", `/orders/${b.orderId}`, { token: b.orderToken });
          const ticket = order.body.tickets?.find((t: { status: string }) => t.status === "valid");
          if (ticket) {
            const refund = await c.api("POST", `/admin/orders/${b.orderId}/refunds`, {
              token: ADMIN,
              body: {
                amount: { amount: 1500, currency: "EUR" },
                reason: "property test",
                ticketIds: [ticket.id],
              },
            });
            count(`refund ${refund.status}`);
          }
        } else {
          const cancel = await c.api("POST", `/admin/orders/${b.orderId}/cancel`, {
            token: ADMIN,
            body: { reason: "property test", refund: step.pick % 2 === 0 },
          });
          count(`cancel ${cancel.status}`);
        }
      }
      await checkCounters(h, eventId);
    }
  }

  test("the counters always equal a recount of the rows, and sold + held never exceeds capacity", async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 14 }), run), {
      numRuns: 15,
      endOnFailure: true,
    });
    console.info(`tier counters property: ${JSON.stringify(Object.fromEntries(done))}`);
    for (const what of [
      "hold 201",
      "release 204",
      "expire",
      "pay paid",
      "refund 200",
      "cancel 200",
    ])
      expect(done.get(what) ?? 0, what).toBeGreaterThan(0);
  }, 120_000);
});
