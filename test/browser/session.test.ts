import type { AdmitTickets } from "@admit/widget";
import { expect } from "chai";
import { pay, payAndLeave, reserve, samePagePayment } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import {
  byRole,
  cleanUp,
  inState,
  mount,
  recordEvents,
  settle,
  type,
  until,
} from "./helpers/widget.js";

const holdOf = (el: AdmitTickets) => (el.state.name === "held" ? el.state.held.hold.id : "");
const orderOf = (el: AdmitTickets) => ("order" in el.state ? el.state.order?.id : undefined);

/** A reload: the element goes away and a new one starts from the saved session. */
function reload(el: HTMLElement) {
  el.remove();
  return mount();
}

describe("the saved session", () => {
  afterEach(cleanUp);

  it("a reload while Pay is on its way resumes the order the server made, with the same key", async () => {
    const api = await useMockApi({ routeLatencyMs: { checkout: 300 } });
    const first = mount();
    await reserve(first);
    await pay(first);
    await inState(first, "checking-out");
    // The request reached the server; its answer is lost in the reload.
    await until(() => api.requests("checkout").length === 1, "the checkout to reach the server");
    const el = reload(first);
    await inState(el, "confirming");
    const [sent, replayed] = api.requests("checkout");
    expect(replayed?.idempotencyKey).to.equal(sent?.idempotencyKey);
    expect(api.state.orders.size, "one order, not two").to.equal(1);
    expect(orderOf(el)).to.equal([...api.state.orders.values()][0]?.order.id);
    await inState(el, "paid");
  });

  it("a failed answer while resuming keeps the hold: Try again resumes it", async () => {
    const api = await useMockApi();
    const first = mount();
    await reserve(first);
    const holdId = holdOf(first);
    api.state.problems.getHold = "busy";
    const el = reload(first);
    await inState(el, "error");
    delete api.state.problems.getHold;
    byRole(el, "button", "Try again").click();
    await inState(el, "held");
    expect(holdOf(el)).to.equal(holdId);
  });

  it("a hold the server no longer knows is forgotten and the event loads", async () => {
    const api = await useMockApi();
    const first = mount();
    await reserve(first);
    api.state.holds.clear();
    const el = reload(first);
    await inState(el, "ready");
    expect(sessionStorage.length).to.equal(0);
  });

  it("two widgets for the same event each resume their own hold after a reload", async () => {
    await useMockApi();
    const a = mount();
    const b = mount();
    await reserve(a, "Standard", 1);
    await reserve(b, "VIP", 2);
    const holds = [holdOf(a), holdOf(b)];
    a.remove();
    b.remove();
    const [a2, b2] = [mount(), mount()];
    await inState(a2, "held");
    await inState(b2, "held");
    expect([holdOf(a2), holdOf(b2)]).to.deep.equal(holds);
  });

  it("coming back from the payment page unpaid offers the way back to it", async () => {
    const api = await useMockApi({
      paymentUrl: samePagePayment,
      orderStatuses: ["pending_payment"],
    });
    const first = mount();
    await reserve(first);
    payAndLeave(first);
    await inState(first, "redirecting");
    const el = reload(first);
    await inState(el, "confirming");
    const link = byRole(el, "link", "Continue to payment") as HTMLAnchorElement;
    const orderId = orderOf(el)!;
    expect(link.href).to.equal(samePagePayment(orderId));
    expect(api.requests("checkout")).to.have.length(1);
    history.replaceState(null, "", location.href.split("#")[0]);
  });
});

describe("host events across screens and re-adds", () => {
  afterEach(cleanUp);

  it("admit-hold-expired fires when the server says the hold ended at Pay, and the hold is forgotten", async () => {
    const api = await useMockApi();
    const el = mount();
    const seen = recordEvents(el, ["admit-hold-expired", "admit-error"]);
    await reserve(el);
    const holdId = holdOf(el);
    api.expireHold(holdId);
    await pay(el);
    await inState(el, "hold-expired");
    expect(seen.map((e) => [e.type, e.detail.holdId ?? e.detail.code])).to.deep.equal([
      ["admit-error", "hold_not_active"],
      ["admit-hold-expired", holdId],
    ]);
    // The session is gone; what the buyer typed stays (`admit-draft:`) for "Reserve again".
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith("admit:"))).to.deep.equal([]);
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith("admit-draft:"))).to.have.length(
      1,
    );
  });

  it("admit-hold-expired fires for a hold found expired on resume", async () => {
    const api = await useMockApi();
    const first = mount();
    await reserve(first);
    const holdId = holdOf(first);
    api.state.holds.get(holdId)!.status = "expired";
    first.remove();
    const resumed = mount();
    const seen = recordEvents(resumed, ["admit-hold-expired"]);
    await inState(resumed, "hold-expired");
    expect(seen.map((e) => e.detail.holdId)).to.deep.equal([holdId]);
    expect(sessionStorage.length).to.equal(0);
  });

  it("admit-order reports each status once, even when the element is removed and added again", async () => {
    const api = await useMockApi({ orderStatuses: ["pending_payment", "pending_payment", "paid"] });
    const el = mount();
    const seen = recordEvents(el, ["admit-order"]);
    await reserve(el);
    await pay(el);
    await inState(el, "paid");
    const polls = api.requests("getOrder").length;
    el.remove();
    document.body.append(el);
    await until(() => api.requests("getOrder").length > polls, "the re-added widget to ask again");
    await inState(el, "paid");
    await settle(el);
    expect(seen.map((e) => e.detail.status)).to.deep.equal(["pending_payment", "paid"]);
  });

  it("a Pay that fails after the hold's time ran out leads to hold-expired, not a frozen countdown", async () => {
    await useMockApi({
      holdTtlMs: 800,
      routeLatencyMs: { checkout: 1200 },
      problems: { checkout: "invalid_request" },
    });
    const el = mount();
    await reserve(el);
    await pay(el);
    await inState(el, "checking-out");
    await inState(el, "hold-expired", 4000);
  });
});

describe("theming from the host page", () => {
  afterEach(cleanUp);

  it("inner parts are reachable as admit-tickets::part(…), through every level", async () => {
    await useMockApi();
    const style = document.createElement("style");
    style.textContent = `admit-tickets::part(pay-button) { outline-color: rgb(1, 2, 3) }
      admit-tickets::part(quantity) { outline-color: rgb(4, 5, 6) }`;
    document.head.append(style);
    try {
      const el = mount();
      await inState(el, "ready");
      const quantity = byRole(el, "spinbutton", /Standard/);
      expect(getComputedStyle(quantity).outlineColor).to.equal("rgb(4, 5, 6)");
      type(quantity, "1");
      await inState(el, "ready");
      byRole(el, "button", "Reserve").click();
      await inState(el, "held");
      await until(() => byRole(el, "button", /^Pay/), "Pay");
      expect(getComputedStyle(byRole(el, "button", /^Pay/)).outlineColor).to.equal("rgb(1, 2, 3)");
    } finally {
      style.remove();
    }
  });
});
