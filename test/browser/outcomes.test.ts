import { expect } from "chai";
import { tiers } from "../mocks/fixtures.js";
import { pay, reserve } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import {
  byRole,
  cleanUp,
  inState,
  liveText,
  mount,
  recordEvents,
  settle,
  type,
} from "./helpers/widget.js";

describe("every outcome has a message and a way forward", () => {
  afterEach(cleanUp);

  it("failed → Try again pays the same order with a new attempt and reaches paid", async () => {
    const api = await useMockApi({ orderStatuses: ["pending_payment", "failed"] });
    const el = mount();
    await reserve(el);
    await pay(el);
    await inState(el, "failed");
    expect(liveText(el)).to.contain("Nothing was charged");
    el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
    byRole(el, "button", "Try again").click();
    await inState(el, "paid");
    const [checkout] = api.requests("checkout");
    const [retry] = api.requests("retryPayment");
    expect(api.requests("checkout")).to.have.length(1);
    expect(retry!.path).to.equal(
      `/admit/orders/${checkout!.path.split("/")[3]!.replace("hold_", "ord_")}/payments`,
    );
  });

  for (const [status, state, text] of [
    ["expired", "expired", "time to pay has run out"],
    ["cancelled", "cancelled", "order was cancelled"],
    ["manual_review", "manual-review", "You will not be charged twice"],
  ] as const) {
    it(`order status ${status} shows ${state} with a human message`, async () => {
      await useMockApi({ orderStatuses: ["pending_payment", status] });
      const el = mount();
      await reserve(el);
      await pay(el);
      await inState(el, state);
      expect(
        el.shadowRoot!.querySelector("admit-order-status")!.shadowRoot!.textContent,
      ).to.contain(text);
      expect(el.shadowRoot!.textContent).not.to.contain(
        status === "manual_review" ? "manual_review" : "_",
      );
    });
  }

  it("hold-expired offers Reserve again, which holds the same seats anew", async () => {
    const api = await useMockApi({ holdTtlMs: 400 });
    const el = mount();
    const events = recordEvents(el, ["admit-hold-expired"]);
    await reserve(el, "Standard", 3);
    await inState(el, "hold-expired");
    expect(events).to.have.length(1);
    expect(liveText(el)).to.contain("reservation has expired");
    byRole(el, "button", "Reserve again").click();
    await inState(el, "held");
    expect(api.requests("createHold").map((r) => r.body)).to.deep.equal([
      { eventId: "spring-gala", items: [{ tierId: "standard", quantity: 3 }] },
      { eventId: "spring-gala", items: [{ tierId: "standard", quantity: 3 }] },
    ]);
  });

  it("a hold that ran out on the server during checkout leads to hold-expired, not an error", async () => {
    const api = await useMockApi();
    const el = mount();
    await reserve(el);
    api.expireHold([...api.state.holds.keys()][0]!);
    await pay(el);
    await inState(el, "hold-expired");
  });

  it("a sold-out tier offers the waitlist; joining shows the place in the queue", async () => {
    const api = await useMockApi();
    const el = mount();
    await inState(el, "ready");
    byRole(el, "button", "Join the waitlist: Student").click();
    await inState(el, "ready");
    type(byRole(el, "textbox", "Email"), "grace@example.com");
    byRole(el, "button", "Join the waitlist").click();
    await inState(el, "waitlist-joined");
    expect(liveText(el)).to.contain("number 1");
    expect(api.state.waitlist[0]).to.include({ tierId: "student", quantity: 1 });
  });

  it("not enough seats: the hold fails with sold_out and the buyer stays in ready with a message", async () => {
    const api = await useMockApi();
    const el = mount();
    await inState(el, "ready");
    type(byRole(el, "spinbutton", /VIP/), "3");
    await inState(el, "ready");
    // Someone else took seats since the event loaded.
    api.state.event.tiers.find((t) => t.id === tiers.vip.id)!.remaining = 1;
    byRole(el, "button", "Reserve").click();
    expect(el.state.name).to.equal("holding");
    await inState(el, "ready");
    expect(el.state).to.include({ name: "ready", problem: "sold_out" });
    expect(el.shadowRoot!.querySelector("admit-tier-list")!.shadowRoot!.textContent).to.contain(
      "Not enough seats are left",
    );
  });

  it("loading fails → error with Try again, which loads again", async () => {
    const api = await useMockApi({ problems: { getEvent: "busy" } });
    const errors = recordEvents(document.body, ["admit-error"]);
    const el = mount();
    await inState(el, "error");
    expect(liveText(el)).to.contain("busy and nothing was changed");
    expect(errors.map((e) => e.detail)).to.deep.equal([{ code: "busy", operation: "load" }]);
    api.state.problems = {};
    byRole(el, "button", "Try again").click();
    await inState(el, "ready");
  });

  it("Release gives the seats back and returns to ready with the same choice", async () => {
    const api = await useMockApi();
    const el = mount();
    await reserve(el, "Standard", 2);
    byRole(el, "button", "Release").click();
    await settle(el);
    // Release asks first; the question's Release gives the seats up.
    expect(api.requests("releaseHold")).to.have.length(0);
    byRole(el, "button", "Release").click();
    await inState(el, "ready");
    expect(el.state).to.deep.include({ quantities: { standard: 2 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(api.requests("releaseHold")).to.have.length(1);
    expect([...api.state.holds.values()][0]!.status).to.equal("released");
  });

  for (const status of ["paid", "expired"] as const) {
    it(`"Choose tickets again" after ${status} loads the event afresh into ready and forgets the saved order`, async () => {
      const api = await useMockApi({ orderStatuses: ["pending_payment", status] });
      const key = `admit:${api.baseUrl}#spring-gala`;
      const el = mount();
      await reserve(el);
      await pay(el);
      await inState(el, status);
      expect(sessionStorage.getItem(key)).to.contain('"order"');
      const loads = api.requests("getEvent").length;
      const polls = api.requests("getOrder").length;
      byRole(el, "button", "Choose tickets again").click();
      await inState(el, "ready");
      expect(api.requests("getEvent")).to.have.length(loads + 1);
      expect(el.state).to.deep.include({ quantities: {} });
      expect(sessionStorage.getItem(key)).to.equal(null);
      // A reload now starts from the event, not from the old order.
      el.remove();
      await inState(mount(), "ready");
      expect(api.requests("getOrder")).to.have.length(polls);
    });
  }
});
