import type {
  Checkout,
  Event,
  Hold,
  OrderReceipt,
  OrderStatus,
  Tier,
  WaitlistEntry,
} from "@admit/client/contract";
import { expect } from "chai";
import { transition } from "./order-machine.js";
import { clampQuantity, firstTransition } from "./widget-machine.js";
import type { HeldSeats, WidgetInput, WidgetState } from "./widget-state.js";

const tier = (over: Partial<Tier> = {}): Tier => ({
  id: "std",
  name: "Standard",
  price: { amount: 4500, currency: "EUR" },
  availability: "available",
  remaining: 100,
  minPerOrder: 1,
  maxPerOrder: 8,
  waitlist: true,
  ...over,
});
const event: Event = {
  id: "gala",
  name: "Gala",
  startsAt: "2027-05-21T18:00:00Z",
  currency: "EUR",
  status: "on_sale",
  collectAttendees: false,
  tiers: [tier(), tier({ id: "gone", availability: "sold_out", remaining: 0 })],
};
const hold = {
  id: "hold_aaaaaaaa",
  items: [{ tierId: "std", quantity: 2 }],
  status: "active",
} as Hold;
const held: HeldSeats = { hold, skewMs: 0 };
const order = (status: OrderStatus["status"]) => ({ id: "ord_aaaaaaaa", status }) as OrderStatus;
const checkout = {
  order: order("pending_payment"),
  paymentUrl: "https://pay.example/x",
} as Checkout;
const entry = { position: 3 } as WaitlistEntry;

const ready: WidgetState = { name: "ready", event, quantities: { std: 2 } };
const heldState: WidgetState = { name: "held", event, held };
const checkingOut: WidgetState = { name: "checking-out", event, held };
const waitlistOpen: WidgetState = { ...ready, waitlist: { tierId: "gone", pending: false } };
const waitlistPending: WidgetState = { ...ready, waitlist: { tierId: "gone", pending: true } };

/** [from, input, expected state name, extra expectation] */
const table: [WidgetState, WidgetInput, WidgetState["name"], Partial<Record<string, unknown>>?][] =
  [
    [{ name: "loading" }, { type: "loaded", event }, "ready"],
    [{ name: "loading" }, { type: "failed", problem: "network" }, "error", { problem: "network" }],
    [{ name: "loading" }, { type: "resumed-hold", event, held }, "held"],
    [
      { name: "loading" },
      { type: "resumed-hold", event, held: { hold: { ...hold, status: "expired" }, skewMs: 0 } },
      "hold-expired",
    ],
    [{ name: "loading" }, { type: "order", order: order("pending_payment") }, "confirming"],
    [{ name: "loading" }, { type: "order", order: order("paid") }, "paid"],
    [{ name: "error", problem: "busy" }, { type: "retry" }, "loading"],
    [ready, { type: "reserve" }, "holding"],
    [{ ...ready, quantities: {} }, { type: "reserve" }, "ready"],
    [
      ready,
      { type: "open-waitlist", tierId: "gone" },
      "ready",
      { waitlist: { tierId: "gone", pending: false } },
    ],
    [
      waitlistOpen,
      { type: "join-waitlist", email: "a@b.c", quantity: 1 },
      "ready",
      { waitlist: { tierId: "gone", pending: true } },
    ],
    [waitlistPending, { type: "waitlist-joined", entry }, "waitlist-joined"],
    [
      waitlistPending,
      { type: "failed", problem: "busy" },
      "ready",
      { waitlist: { tierId: "gone", pending: false, problem: "busy" } },
    ],
    [waitlistOpen, { type: "close-waitlist" }, "ready", { waitlist: undefined }],
    [{ name: "holding", event, quantities: { std: 2 } }, { type: "held", held }, "held"],
    [
      { name: "holding", event, quantities: { std: 2 } },
      { type: "failed", problem: "sold_out" },
      "ready",
      { problem: "sold_out", quantities: { std: 2 } },
    ],
    [heldState, { type: "release" }, "ready", { quantities: { std: 2 } }],
    [heldState, { type: "checkout", buyer: { name: "A", email: "a@b.c" } }, "checking-out"],
    [heldState, { type: "hold-expired" }, "hold-expired", { quantities: { std: 2 } }],
    [{ name: "hold-expired", event, quantities: { std: 2 } }, { type: "reserve" }, "holding"],
    [
      { name: "hold-expired", event, quantities: { gone: 1 } },
      { type: "open-waitlist", tierId: "gone" },
      "ready",
    ],
    [checkingOut, { type: "checkout-created", checkout }, "redirecting"],
    [checkingOut, { type: "failed", problem: "hold_not_active" }, "hold-expired"],
    [
      checkingOut,
      { type: "failed", problem: "provider_unavailable" },
      "held",
      { problem: "provider_unavailable" },
    ],
    [checkingOut, { type: "hold-expired" }, "checking-out"],
    [
      { name: "checking-out", order: order("failed") },
      { type: "failed", problem: "order_not_payable" },
      "failed",
    ],
    [
      { name: "redirecting", order: order("pending_payment"), paymentUrl: "https://p/x" },
      { type: "payment-opened", popup: true },
      "confirming",
      { paymentUrl: "https://p/x", popup: true },
    ],
    [
      { name: "redirecting", order: order("pending_payment"), paymentUrl: "https://p/x" },
      { type: "payment-opened", popup: false },
      "confirming",
      { paymentUrl: "https://p/x", popup: false },
    ],
    [
      { name: "loading" },
      { type: "order", order: order("pending_payment"), paymentUrl: "https://p/x" },
      "confirming",
      { paymentUrl: "https://p/x", popup: undefined },
    ],
    ...(
      [
        ["paid", "paid"],
        ["partially_refunded", "paid"],
        ["failed", "failed"],
        ["expired", "expired"],
        ["cancelled", "cancelled"],
        ["refunded", "cancelled"],
        ["manual_review", "manual-review"],
        ["pending_payment", "confirming"],
      ] as const
    ).map(([status, name]): [WidgetState, WidgetInput, WidgetState["name"]] => [
      { name: "confirming", order: order("pending_payment") },
      { type: "order", order: order(status) },
      name,
    ]),
    [
      { name: "confirming", order: order("pending_payment") },
      { type: "failed", problem: "not_found" },
      "error",
    ],
    [{ name: "failed", order: order("failed") }, { type: "retry-payment" }, "checking-out"],
    [{ name: "paid", order: order("paid") }, { type: "start-over" }, "loading"],
    [{ name: "expired", order: order("expired") }, { type: "start-over" }, "loading"],
    [{ name: "waitlist-joined", event, entry }, { type: "start-over" }, "loading"],
    [checkingOut, { type: "start-over" }, "checking-out"],
  ];

describe("widget state machine", () => {
  for (const [from, input, to, extra] of table) {
    it(`${from.name} + ${input.type} → ${to}`, () => {
      const next = transition(from, input);
      expect(next.name).to.equal(to);
      for (const [key, value] of Object.entries(extra ?? {})) {
        expect((next as unknown as Record<string, unknown>)[key]).to.deep.equal(value);
      }
    });
  }

  it("an input that does not apply returns the very same state object (late answers are ignored)", () => {
    expect(transition(ready, { type: "held", held })).to.equal(ready);
    expect(
      transition({ name: "paid", order: order("paid") }, { type: "order", order: order("failed") })
        .name,
    ).to.equal("paid");
  });

  it("a paid order is never undone by a late poll answer once final", () => {
    const paid: WidgetState = { name: "paid", order: order("paid") };
    expect(transition(paid, { type: "failed", problem: "network" })).to.equal(paid);
  });

  it("a paid or failed screen keeps its own order's receipt; a receipt of another order, or arriving on another screen, changes nothing", () => {
    const receipt = { orderId: "ord_aaaaaaaa" } as OrderReceipt;
    const other = { orderId: "ord_bbbbbbbb" } as OrderReceipt;
    for (const name of ["paid", "failed"] as const) {
      const s: WidgetState = { name, order: order(name) };
      expect(transition(s, { type: "receipt", receipt })).to.deep.equal({ ...s, receipt });
      expect(transition(s, { type: "receipt", receipt: other })).to.equal(s);
    }
    for (const s of [
      { name: "checking-out", order: order("failed") },
      { name: "confirming", order: order("pending_payment") },
      { name: "expired", order: order("expired") },
    ] as WidgetState[]) {
      expect(transition(s, { type: "receipt", receipt })).to.equal(s);
    }
  });

  describe("quantities follow the tier's rules", () => {
    it("stepping up from 0 jumps to minPerOrder; stepping down below it goes to 0", () => {
      const t = tier({ minPerOrder: 2 });
      expect(clampQuantity(t, 1, 0)).to.equal(2);
      expect(clampQuantity(t, 1, 2)).to.equal(0);
    });

    it("never more than maxPerOrder or the seats remaining; sold out allows none", () => {
      expect(clampQuantity(tier({ maxPerOrder: 4 }), 9, 0)).to.equal(4);
      expect(clampQuantity(tier({ remaining: 3 }), 9, 0)).to.equal(3);
      expect(clampQuantity(tier({ availability: "sold_out" }), 1, 0)).to.equal(0);
      expect(clampQuantity(tier(), Number.NaN, 2)).to.equal(0);
    });
  });

  describe("a promo code", () => {
    it("brings the tiers it unlocks into ready and keeps the quantities; ignored while holding", () => {
      const crew = tier({ id: "crew", name: "Crew" });
      const chosen: WidgetState = { name: "ready", event, quantities: { std: 2 } };
      const unlocked = { ...event, tiers: [...event.tiers, crew] };
      const after = transition(chosen, { type: "promo", event: unlocked, code: "CREW" });
      expect(after).to.deep.equal({ name: "ready", event: unlocked, quantities: { std: 2 } });
      const holding: WidgetState = { name: "holding", event, quantities: { std: 2 } };
      expect(transition(holding, { type: "promo", event: unlocked })).to.equal(holding);
    });
  });
});

describe("firstTransition, the first script's part of the machine", () => {
  it("agrees with the whole machine wherever it decides, and leaves the rest undefined", () => {
    let decided = 0;
    for (const [from, input] of table) {
      const first = firstTransition(from, input);
      if (first === undefined) continue;
      decided++;
      expect(first, `${from.name} + ${input.type}`).to.deep.equal(transition(from, input));
    }
    expect(decided).to.be.greaterThan(5);
  });

  it("decides the first screen and the Pay click; a later state or the waitlist is the chunk's", () => {
    expect(firstTransition({ name: "loading" }, { type: "loaded", event })?.name).to.equal("ready");
    const pay = { type: "checkout", buyer: { name: "Ada", email: "a@b.c" } } as const;
    expect(firstTransition(heldState, pay)?.name).to.equal("checking-out");
    expect(firstTransition(heldState, { type: "release" })).to.equal(undefined);
    expect(firstTransition(ready, { type: "open-waitlist", tierId: "gone" })).to.equal(undefined);
    expect(firstTransition(checkingOut, { type: "checkout-created", checkout })).to.equal(
      undefined,
    );
    expect(firstTransition({ name: "loading" }, { type: "resumed-hold", event, held })).to.equal(
      undefined,
    );
  });
});
