import type { AdmitCheckoutEvent, AdmitOrderEvent } from "@admit/widget";
import { expect } from "chai";
import { workshopEvent } from "../mocks/fixtures.js";
import { pay, reserve } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import {
  byRole,
  cleanUp,
  deepAll,
  inState,
  liveText,
  mount,
  recordEvents,
  type,
  until,
} from "./helpers/widget.js";

describe("buyer flow against the mock API", () => {
  afterEach(cleanUp);

  it("goes ready → holding → held → checking-out → confirming → paid and shows the ticket codes", async () => {
    const api = await useMockApi();
    const el = mount();
    const seen: string[] = [];
    el.addEventListener("admit-order", () => seen.push(el.state.name));
    await reserve(el, "Standard", 2);
    expect(byRole(el, "button", /^Pay/).textContent).to.contain("€90.00");
    await pay(el);
    await inState(el, "paid");
    expect(deepAll(el, "[part=ticket-code]")).to.have.length(2);
    expect(api.requests("createHold")[0]!.body).to.deep.equal({
      eventId: "spring-gala",
      items: [{ tierId: "standard", quantity: 2 }],
    });
    // pending_payment arrives with the checkout answer, before the buyer leaves for payment.
    expect(seen).to.deep.equal(["redirecting", "paid"]);
  });

  it("fires each host event once, in order, with typed details; paid only from the server", async () => {
    const api = await useMockApi();
    const el = mount();
    const events = recordEvents(el, [
      "admit-ready",
      "admit-hold",
      "admit-checkout",
      "admit-order",
      "admit-error",
    ]);
    await reserve(el);
    await pay(el);
    await inState(el, "paid");
    expect(events.map((e) => e.type)).to.deep.equal([
      "admit-ready",
      "admit-hold",
      "admit-order",
      "admit-checkout",
      "admit-order",
    ]);
    const [ready, hold, pending, checkout, paid] = events;
    expect(ready!.detail.event.id).to.equal("spring-gala");
    expect(hold!.detail.holdId).to.match(/^hold_/);
    expect((pending as AdmitOrderEvent).detail.status).to.equal("pending_payment");
    const c = checkout as AdmitCheckoutEvent;
    expect(c.detail).to.include({ mode: "redirect" });
    expect(c.detail.paymentUrl).to.equal(`https://pay.admit.test/checkout/${c.detail.orderId}`);
    expect(c.bubbles && c.composed && c.cancelable).to.equal(true);
    expect((paid as AdmitOrderEvent).detail).to.deep.equal({
      orderId: c.detail.orderId,
      status: "paid",
    });
    // The paid status came from a GET /orders answer, after the order was created.
    expect(api.requests("getOrder").length).to.be.greaterThan(0);
  });

  it("announces state changes in a polite live region", async () => {
    await useMockApi({
      orderStatuses: ["pending_payment", "pending_payment", "paid"],
      nextPollMs: 300,
    });
    const el = mount();
    await reserve(el);
    expect(liveText(el)).to.match(/reserved for \d+:\d\d/);
    expect(liveText(el)).to.contain("10 minutes left to complete your order.");
    await pay(el);
    await inState(el, "confirming");
    expect(liveText(el)).to.contain("Confirming your payment");
    await inState(el, "paid");
    expect(liveText(el)).to.contain("Payment received");
    for (const region of el.shadowRoot!.querySelectorAll("[role=status]")) {
      expect(region.getAttribute("aria-live") ?? "polite").to.equal("polite");
    }
  });

  it("reuses the idempotency key when the buyer retries Reserve after a lost answer", async () => {
    const api = await useMockApi();
    const el = mount();
    await inState(el, "ready");
    api.state.networkDown = true;
    type(byRole(el, "spinbutton", /Standard/), "1");
    await inState(el, "ready");
    byRole(el, "button", "Reserve").click();
    await until(
      () => el.state.name === "ready" && el.state.problem === "network",
      "network problem",
      15000,
    );
    api.state.networkDown = false;
    byRole(el, "button", "Reserve").click();
    await inState(el, "held");
    const keys = new Set(api.requests("createHold").map((r) => r.idempotencyKey));
    expect(api.requests("createHold").length).to.be.greaterThan(1);
    expect(keys.size).to.equal(1);
  });

  it("an event that asks attendee names sends one attendee per ticket and lists the names on the tickets", async () => {
    const api = await useMockApi({ event: workshopEvent });
    const el = mount({ event: "workshop" });
    await reserve(el, "Seat", 2);
    type(byRole(el, "textbox", "Name on ticket 1 (Seat)"), "Grace Hopper");
    type(byRole(el, "textbox", "Name on ticket 2 (Seat)"), "Alan Turing");
    await pay(el);
    await inState(el, "paid");
    expect((api.requests("checkout")[0]!.body as { attendees: unknown }).attendees).to.deep.equal([
      { tierId: "seat", name: "Grace Hopper" },
      { tierId: "seat", name: "Alan Turing" },
    ]);
    const tickets = [...deepAll(el, "[part=ticket]")].map((li) =>
      li.textContent!.replace(/\s+/g, " "),
    );
    expect(tickets).to.have.length(2);
    expect(tickets[0]).to.contain("Seat Grace Hopper");
    expect(tickets[1]).to.contain("Seat Alan Turing");
  });

  for (const [ahead, offsetMs] of [
    ["ahead of", 180_000],
    ["behind", -180_000],
  ] as const) {
    it(`the countdown shows the server's time left when the server's clock is ${ahead} the browser's`, async () => {
      await useMockApi({ clockOffsetMs: offsetMs, holdTtlMs: 600_000 });
      const el = mount();
      await reserve(el);
      // 10 minutes by the server; the browser's own clock would say 7 or 13.
      expect(deepAll(el, "[part=countdown] time")[0]!.textContent).to.match(/^(10:00|9:5\d)$/);
      expect(liveText(el)).to.contain("10 minutes left");
    });
  }

  it("a hold runs out when the server's clock says so, even when the browser's clock is behind", async () => {
    await useMockApi({ clockOffsetMs: 120_000, holdTtlMs: 1500 });
    const el = mount();
    await reserve(el);
    // By the browser's clock alone, 2 minutes and 1.5 seconds would be left.
    await inState(el, "hold-expired", 4000);
  });
});
