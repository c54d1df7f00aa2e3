import type { AdmitTickets } from "@admit/widget";
import { sendKeys } from "@web/test-runner-commands";
import { expect } from "chai";
import { pay, reserve } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import { byRole, cleanUp, inState, mount, type, until } from "./helpers/widget.js";

/** The focused element, looking through shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Names the focused element; chai would stall printing a whole custom element on failure. */
function where(): string {
  const active = focused();
  return active ? `${active.localName} ${active.getAttribute("aria-label") ?? ""}`.trim() : "none";
}

/** Chooses two Standard tickets and presses Enter on Reserve. */
async function reserveByKeyboard(el: AdmitTickets): Promise<void> {
  await inState(el, "ready");
  type(byRole(el, "spinbutton", /Standard/), "2");
  await inState(el, "ready");
  byRole(el, "button", "Reserve").focus();
  await sendKeys({ press: "Enter" });
}

/** Fills the buyer form and presses Enter on Pay. */
async function payByKeyboard(el: AdmitTickets): Promise<void> {
  type(byRole(el, "textbox", "Name"), "Ada Lovelace");
  type(byRole(el, "textbox", "Email"), "ada@example.com");
  byRole(el, "button", /^Pay/).focus();
  await sendKeys({ press: "Enter" });
}

/** Lets the widget finish whatever it does after a render (a focus move awaits its parts). */
const idle = () => new Promise((r) => setTimeout(r, 100));

describe("focus follows the buyer to the new screen (WCAG 2.4.3)", () => {
  let outside: HTMLInputElement | undefined;
  afterEach(() => {
    outside?.remove();
    outside = undefined;
    cleanUp();
  });

  /** An input of the host page that has focus, as when the buyer types elsewhere. */
  function focusOutside(): void {
    outside = document.createElement("input");
    outside.setAttribute("aria-label", "Newsletter");
    document.body.append(outside);
    outside.focus();
    expect(where()).to.equal("input Newsletter");
  }

  it("after Reserve by keyboard, focus is on the buyer form's Name field", async () => {
    await useMockApi();
    const el = mount();
    await reserveByKeyboard(el);
    await inState(el, "held");
    await until(() => focused() === byRole(el, "textbox", "Name"), "focus on Name");
  });

  it("when the hold expires while the buyer is in a form field, focus lands on the hold-expired message", async () => {
    await useMockApi({ holdTtlMs: 1500 });
    const el = mount();
    await reserve(el);
    byRole(el, "textbox", "Email").focus();
    await inState(el, "hold-expired");
    const message = el.shadowRoot!.querySelector('[part="message"]')!;
    expect(message.textContent).to.contain("reservation has expired");
    await until(() => focused() === message, "focus on the hold-expired message");
  });

  it("after Pay, focus moves from the vanished form to the order status message", async () => {
    await useMockApi({ orderStatuses: ["pending_payment", "failed"] });
    const el = mount();
    await reserve(el);
    el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
    await payByKeyboard(el);
    await inState(el, "failed");
    const status = el.shadowRoot!.querySelector("admit-order-status")!.shadowRoot!;
    const message = status.querySelector('[part="message"]')!;
    await until(() => focused() === message, "focus on the failed message");
    expect(message.getAttribute("tabindex")).to.equal("-1");
  });

  it("when Reserve fails, focus lands on the problem message beside the Reserve button", async () => {
    await useMockApi({ problems: { createHold: "sold_out" } });
    const el = mount();
    await reserveByKeyboard(el);
    const list = el.shadowRoot!.querySelector("admit-tier-list")!;
    await until(() => !!list.shadowRoot!.querySelector('[part="problem"]'), "the problem shown");
    const problem = list.shadowRoot!.querySelector('[part="problem"]')!;
    await until(() => focused() === problem, "focus on the problem");
    expect(problem.textContent).not.to.contain("sold_out");
  });

  it("when Pay fails and the buyer stays on the form, focus lands on its problem message", async () => {
    await useMockApi({ problems: { checkout: "invalid_request" } });
    const el = mount();
    await reserve(el);
    const form = el.shadowRoot!.querySelector("admit-buyer-form")!.shadowRoot!;
    await payByKeyboard(el);
    await until(() => !!form.querySelector('[part="problem"]'), "the problem shown");
    await until(() => focused() === form.querySelector('[part="problem"]'), "focus on the problem");
    expect(el.state.name).to.equal("held");
    // The same form stays, with what the buyer typed, ready for a corrected try.
    expect(byRole(el, "textbox", "Email")).to.have.property("value", "ada@example.com");
  });

  it("a failure the buyer did not cause while focus is on the host page leaves focus there", async () => {
    const api = await useMockApi();
    const el = mount();
    await reserve(el);
    api.state.problems = { checkout: "invalid_request" };
    type(byRole(el, "textbox", "Name"), "Ada Lovelace");
    type(byRole(el, "textbox", "Email"), "ada@example.com");
    byRole(el, "button", /^Pay/).click();
    focusOutside();
    const form = el.shadowRoot!.querySelector("admit-buyer-form")!.shadowRoot!;
    await until(() => !!form.querySelector('[part="problem"]'), "the problem shown");
    await idle();
    expect(where()).to.equal("input Newsletter");
  });

  it("a host page input keeps focus when the widget finishes loading", async () => {
    await useMockApi();
    focusOutside();
    const el = mount();
    await inState(el, "ready");
    await idle();
    expect(where()).to.equal("input Newsletter");
  });

  it("a host page input keeps focus when an order status arrives", async () => {
    await useMockApi({
      orderStatuses: ["pending_payment", "pending_payment", "paid"],
      nextPollMs: 200,
    });
    focusOutside();
    const el = mount();
    await reserve(el);
    await pay(el);
    await inState(el, "confirming");
    await inState(el, "paid");
    await idle();
    expect(where()).to.equal("input Newsletter");
  });

  it("a hold expiring after the buyer moved focus to the host page does not take it back", async () => {
    await useMockApi({ holdTtlMs: 1500 });
    const el = mount();
    await reserve(el);
    byRole(el, "textbox", "Name").focus();
    focusOutside();
    await inState(el, "hold-expired");
    await idle();
    expect(where()).to.equal("input Newsletter");
  });

  it("a hold expiring after the buyer clicked the page (focus on body) leaves focus there", async () => {
    await useMockApi({ holdTtlMs: 1500 });
    const el = mount();
    await reserve(el);
    const name = byRole(el, "textbox", "Name");
    name.focus();
    // What a click on plain page text does: the field loses focus to <body>.
    name.blur();
    expect(where()).to.equal("body");
    await inState(el, "hold-expired");
    await idle();
    expect(where()).to.equal("body");
  });
});
