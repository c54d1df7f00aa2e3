import type { AdmitTickets } from "@admit/widget";
import { expect } from "chai";
import { pay, payAndLeave, reserve, samePagePayment } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import {
  blockStorage,
  byRole,
  cleanUp,
  deepAll,
  inState,
  liveText,
  mount,
  until,
} from "./helpers/widget.js";

/** Simulates a reload: the element goes away and a new one starts from the saved session. */
function reload(el: HTMLElement, url?: string) {
  el.remove();
  if (url) history.replaceState(null, "", url);
  return mount();
}

/** The order the widget shows, if any. */
function orderOf(el: AdmitTickets): string | undefined {
  return "order" in el.state ? el.state.order?.id : undefined;
}

/** The ticket codes on the paid screen. */
function ticketCodes(el: AdmitTickets): string[] {
  return deepAll(el, "code").map((c) => c.textContent!.trim());
}

describe("resuming and returning", () => {
  afterEach(() => {
    cleanUp();
    history.replaceState(
      null,
      "",
      location.pathname + location.search.replace(/[?&]admit_order=[^&]*/, ""),
    );
  });

  it("a reload while held resumes the same hold with the server's expiry", async () => {
    const api = await useMockApi();
    const first = mount();
    await reserve(first);
    const holdId = first.state.name === "held" ? first.state.held.hold.id : "";
    const el = reload(first);
    await inState(el, "held");
    expect(el.state.name === "held" && el.state.held.hold.id).to.equal(holdId);
    expect(api.requests("createHold")).to.have.length(1);
  });

  it("returning with admit_order and the saved token resumes polling and reaches paid; the id leaves the URL", async () => {
    const api = await useMockApi({ orderStatuses: ["pending_payment", "pending_payment", "paid"] });
    const first = mount();
    await reserve(first);
    await pay(first);
    await inState(first, "confirming");
    const orderId = first.state.name === "confirming" ? first.state.order.id : "";
    const el = reload(first, `${location.pathname}${location.search}&admit_order=${orderId}`);
    await inState(el, "paid");
    expect(new URL(location.href).searchParams.has("admit_order")).to.equal(false);
    expect(api.requests("getOrder").every((r) => r.path.endsWith(orderId))).to.equal(true);
  });

  it("a tampered admit_order (someone else's id) shows nothing of that order and loads the event", async () => {
    const api = await useMockApi();
    const el = reload(
      mount(),
      `${location.pathname}${location.search}&admit_order=ord_SomeoneElse123`,
    );
    await inState(el, "ready");
    expect(api.requests("getOrder")).to.have.length(0);
    expect(el.shadowRoot!.textContent).not.to.contain("ord_SomeoneElse123");
    expect(new URL(location.href).searchParams.has("admit_order")).to.equal(false);
  });

  it("a saved order the server does not know (wrong token) is dropped and the event loads", async () => {
    const api = await useMockApi();
    sessionStorage.setItem(
      `admit:${api.baseUrl}#spring-gala`,
      JSON.stringify({ order: { id: "ord_abcdefgh12", token: "x".repeat(40) } }),
    );
    const el = mount();
    await inState(el, "ready");
    expect(api.requests("getOrder")).to.have.length(1);
    expect(sessionStorage.getItem(`admit:${api.baseUrl}#spring-gala`)).to.equal(null);
  });

  it("lost network while polling: stays confirming, then reaches paid when the network is back", async () => {
    const api = await useMockApi({ orderStatuses: ["pending_payment", "pending_payment", "paid"] });
    const el = mount();
    await reserve(el);
    // The checkout itself gets through; the network goes once the order is confirming.
    await pay(el);
    await inState(el, "confirming");
    api.state.networkDown = true;
    const failedBefore = api.state.requests.length;
    await until(() => api.state.requests.length > failedBefore + 1, "failed polls", 8000);
    expect(el.state.name).to.equal("confirming");
    api.state.networkDown = false;
    await inState(el, "paid", 15000);
  });

  it("blocked storage: the session lives in memory, so removing and re-adding the widget still resumes", async () => {
    const api = await useMockApi();
    const unblock = blockStorage();
    try {
      const first = mount();
      await reserve(first);
      const el = reload(first);
      await inState(el, "held");
      expect(api.requests("createHold")).to.have.length(1);
    } finally {
      unblock();
    }
  });

  it("a reload while redirecting resumes the same order, confirming, and reaches paid without a second checkout", async () => {
    const api = await useMockApi({
      paymentUrl: samePagePayment,
      orderStatuses: ["pending_payment", "pending_payment", "paid"],
    });
    const first = mount();
    await reserve(first);
    payAndLeave(first);
    await inState(first, "redirecting");
    const orderId = orderOf(first);
    const el = reload(first);
    await inState(el, "confirming");
    expect(orderOf(el)).to.equal(orderId);
    await inState(el, "paid");
    expect(orderOf(el)).to.equal(orderId);
    expect(api.requests("createHold")).to.have.length(1);
    expect(api.requests("checkout")).to.have.length(1);
  });

  it("a reload while failed shows failed for the same order, and Try again still pays that order", async () => {
    const api = await useMockApi({ orderStatuses: ["pending_payment", "failed"] });
    const first = mount();
    await reserve(first);
    await pay(first);
    await inState(first, "failed");
    const orderId = orderOf(first);
    const el = reload(first);
    await inState(el, "failed");
    expect(orderOf(el)).to.equal(orderId);
    expect(liveText(el)).to.contain("Nothing was charged");
    el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
    byRole(el, "button", "Try again").click();
    await inState(el, "paid");
    expect(orderOf(el)).to.equal(orderId);
    expect(api.requests("retryPayment").map((r) => r.path)).to.deep.equal([
      `/admit/orders/${orderId}/payments`,
    ]);
    expect(api.requests("checkout")).to.have.length(1);
  });

  it("a reload while paid shows the same order with the same ticket codes", async () => {
    const api = await useMockApi();
    const first = mount();
    await reserve(first);
    await pay(first);
    await inState(first, "paid");
    const codes = ticketCodes(first);
    expect(codes).to.have.length(2);
    const el = reload(first);
    await inState(el, "paid");
    expect(orderOf(el)).to.equal(orderOf(first));
    expect(ticketCodes(el)).to.deep.equal(codes);
    expect(api.requests("getEvent")).to.have.length(1);
  });

  it("a reload while expired shows expired for the same order, not a fresh event", async () => {
    const api = await useMockApi({ orderStatuses: ["pending_payment", "expired"] });
    const first = mount();
    await reserve(first);
    await pay(first);
    await inState(first, "expired");
    const el = reload(first);
    await inState(el, "expired");
    expect(orderOf(el)).to.equal(orderOf(first));
    expect(liveText(el)).to.contain("time to pay has run out");
    expect(api.requests("getEvent")).to.have.length(1);
  });
});
