import type { AdmitTickets } from "@admit/widget";
import { sendKeys } from "@web/test-runner-commands";
import { expect } from "chai";
import { pay, reserve } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import { useHostPage, VIEWPORTS } from "./helpers/viewports.js";
import {
  allByRole,
  byRole,
  deepAll,
  inState,
  liveText,
  mount,
  settle,
  type,
  until,
} from "./helpers/widget.js";

// The buyer's journey on a phone and on a laptop (issue #15): each rule is checked by geometry
// (what is on screen, what overflows) at both sizes.

/** The element that has the focus, through every shadow root. */
function focusedDeep(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Whether `el` is wholly inside the viewport. */
function inViewport(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
}

/** Nothing on the page is wider than the viewport. */
function expectNoHorizontalOverflow(): void {
  expect(document.documentElement.scrollWidth, "page width").to.be.at.most(innerWidth);
}

/** The shadow-DOM element matching `selector`, exactly one. */
function one(el: Element, selector: string): HTMLElement {
  const found = deepAll(el, selector);
  expect(found, selector).to.have.length(1);
  return found[0] as HTMLElement;
}

for (const viewport of VIEWPORTS) {
  describe(`the buyer's journey at ${viewport.width}×${viewport.height} (${viewport.name})`, () => {
    const page = useHostPage(viewport);
    afterEach(() => {
      scrollTo(0, 0);
      history.replaceState(
        null,
        "",
        location.pathname + location.search.replace(/[?&]admit_order=[^&]*/, ""),
      );
    });

    it("1. back from payment far down the page, the result is in view, focused and announced", async () => {
      await useMockApi({ orderStatuses: ["pending_payment", "pending_payment", "paid"] });
      const spacer = document.createElement("div");
      spacer.style.height = "1100px";
      page().append(spacer);
      const first = mount({}, page());
      await reserve(first);
      await pay(first);
      await inState(first, "confirming");
      const orderId = first.state.name === "confirming" ? first.state.order.id : "";
      first.remove();
      // The payment page sends the buyer back: a new page load, at the top.
      history.replaceState(
        null,
        "",
        `${location.pathname}${location.search}&admit_order=${orderId}`,
      );
      scrollTo(0, 0);
      const el = mount({}, page()) as AdmitTickets;
      await inState(el, "paid");
      const status = one(el, "admit-order-status");
      const message = status.shadowRoot!.querySelector("[part=message]")!;
      await until(() => inViewport(message), "the result in the viewport");
      await until(() => focusedDeep()?.getAttribute("part") === "message", "focus on the result");
      expect(liveText(el)).to.contain("Payment received");
      expectNoHorizontalOverflow();
    });

    it("2. while held, what is reserved and the total are listed, within the widget", async () => {
      await useMockApi();
      const el = mount({}, page()) as AdmitTickets;
      await inState(el, "ready");
      type(byRole(el, "spinbutton", /VIP/), "1");
      await reserve(el, "Standard", 2);
      const summary = one(el, "[part=summary]");
      const lines = [...summary.querySelectorAll("li")].map((li) =>
        li.textContent!.replace(/\s+/g, " ").trim(),
      );
      expect(lines).to.have.members(["2 × Standard €90.00", "1 × VIP €120.00"]);
      expect(summary.querySelector(".total")!.textContent).to.contain("€210.00");
      expect(inViewport(summary) || summary.getBoundingClientRect().top < innerHeight).to.equal(
        true,
      );
      expect(summary.scrollWidth).to.be.at.most(summary.clientWidth);
      expectNoHorizontalOverflow();
    });

    it("3. tier rows do not break in German: one-line prices, the control never squeezes the text", async () => {
      await useMockApi();
      const el = mount({ locale: "de" }, page()) as AdmitTickets;
      await inState(el, "ready");
      await until(() => allByRole(el, "button", "Reservieren").length, "German");
      await settle(el);
      for (const row of deepAll(el, "[part=tier]") as HTMLElement[]) {
        expect(row.scrollWidth, "row overflow").to.be.at.most(row.clientWidth);
        const info = row.querySelector(".info")!.getBoundingClientRect();
        const control = row.querySelector(".control")!.getBoundingClientRect();
        // Side by side or stacked, never overlapping, and the text keeps a readable width.
        const overlap =
          control.width > 0 &&
          control.left < info.right &&
          control.top < info.bottom &&
          control.bottom > info.top;
        expect(overlap, "control over the text").to.equal(false);
        expect(info.width, "text width").to.be.at.least(Math.min(190, row.clientWidth));
        const price = row.querySelector("[part=price]")!;
        expect(price.getClientRects(), "price on one line").to.have.length(1);
      }
      expectNoHorizontalOverflow();
    });

    it("4. a payment not completed says the seats are still held, until when, and the total", async () => {
      await useMockApi({ orderStatuses: ["pending_payment", "failed"] });
      const el = mount({}, page()) as AdmitTickets;
      await reserve(el);
      await pay(el);
      await inState(el, "failed");
      const status = one(el, "[part=hold-status]");
      expect(status.textContent).to.match(/still held for \d+ minutes? \(until/);
      expect(el.shadowRoot!.innerHTML).to.not.contain("did not go through");
      expect(deepAll(el, "admit-order-status")[0]!.shadowRoot!.textContent).to.contain(
        "Order total: €90.00",
      );
      const retry = byRole(el, "button", "Try again");
      expect(retry.getBoundingClientRect().right).to.be.at.most(innerWidth);
      expectNoHorizontalOverflow();
    });

    it("5. the last minute turns the countdown urgent and says so; Release asks first", async () => {
      await useMockApi({ holdTtlMs: 58_000 });
      const el = mount({}, page()) as AdmitTickets;
      await reserve(el);
      await settle(el);
      const countdown = one(el, "[part=countdown]");
      expect(countdown.classList.contains("urgent")).to.equal(true);
      // The danger color, not only a class.
      expect(getComputedStyle(countdown).borderTopColor).to.not.equal("rgba(0, 0, 0, 0)");
      expect(liveText(el)).to.contain("Less than 1 minute left");
      const release = byRole(el, "button", "Release");
      const pay = byRole(el, "button", /^Pay/);
      // Secondary: no filled background, unlike Pay.
      expect(getComputedStyle(release).backgroundColor).to.not.equal(
        getComputedStyle(pay).backgroundColor,
      );
      release.click();
      await settle(el);
      expect(el.state.name).to.equal("held");
      expect(byRole(el, "button", "Keep them").getBoundingClientRect().right).to.be.at.most(
        innerWidth,
      );
      expectNoHorizontalOverflow();
    });

    it("6. after the hold expired the buyer changes the quantities and reserves again", async () => {
      const api = await useMockApi({ holdTtlMs: 1500 });
      const el = mount({}, page()) as AdmitTickets;
      await reserve(el);
      await inState(el, "hold-expired");
      byRole(el, "button", "One more Standard").click();
      await settle(el);
      expect(el.state).to.deep.include({ name: "hold-expired", quantities: { standard: 3 } });
      const again = byRole(el, "button", "Reserve again");
      expect(again.getBoundingClientRect().right).to.be.at.most(innerWidth);
      again.click();
      await inState(el, "held");
      expect(api.requests("createHold").at(-1)!.body).to.deep.include({
        items: [{ tierId: "standard", quantity: 3 }],
      });
      expectNoHorizontalOverflow();
    });

    it("8. the widget takes the site's font and focus color; after Release focus is on the tiers without a ring the width of the widget", async () => {
      await useMockApi();
      // The demo's site: a serif body, an amber focus color, and the widget told to inherit.
      page().style.setProperty("--admit-font", "inherit");
      page().style.setProperty("--admit-focus", "rgb(180, 83, 9)");
      const el = mount({}, page()) as AdmitTickets;
      await inState(el, "ready");
      const reserveButton = byRole(el, "button", "Reserve");
      expect(getComputedStyle(reserveButton).fontFamily).to.equal("serif");
      expect(getComputedStyle(one(el, "[part=title]")).fontFamily).to.equal("serif");
      // A control reached from the keyboard shows the site's ring.
      const quantity = byRole<HTMLInputElement>(el, "spinbutton", "Quantity for Standard");
      quantity.focus();
      await sendKeys({ press: "ArrowUp" });
      await settle(el);
      expect(focusedDeep()).to.equal(quantity);
      expect(getComputedStyle(quantity).outlineColor).to.equal("rgb(180, 83, 9)");
      expect(getComputedStyle(quantity).outlineStyle).to.equal("solid");
      await reserve(el);
      await settle(el);
      const release = byRole(el, "button", "Release");
      release.focus();
      await sendKeys({ press: "Enter" }); // asks first
      await settle(el);
      byRole(el, "button", "Release").focus();
      await sendKeys({ press: "Enter" });
      await inState(el, "ready");
      const target = await until(() => {
        const f = focusedDeep();
        return f && f !== document.body && f !== el ? f : undefined;
      }, "focus kept in the widget");
      const ring = getComputedStyle(target);
      const base = one(el, "[part=base]").getBoundingClientRect();
      // Either no ring at all (a heading or message taking focus), or a control's own ring.
      expect(
        ring.outlineStyle === "none" || target.getBoundingClientRect().width < base.width * 0.9,
        `a ring the width of the widget on ${target.localName}`,
      ).to.equal(true);
      expectNoHorizontalOverflow();
    });

    it("7. quantity is a stepper: bounded − and +, and a typed value out of range shows a message while the total keeps the valid one", async () => {
      await useMockApi();
      const el = mount({}, page()) as AdmitTickets;
      await inState(el, "ready");
      const more = byRole(el, "button", "One more VIP");
      const fewer = byRole(el, "button", "One fewer VIP");
      expect(fewer.matches(":disabled")).to.equal(true);
      for (let i = 0; i < 3; i++) {
        more.click();
        await settle(el);
      }
      // VIP has 3 seats left: + stops there.
      expect(el.state).to.deep.include({ quantities: { vip: 3 } });
      expect(more.matches(":disabled")).to.equal(true);
      // The stepper's buttons are parts a host page can style.
      const style = document.createElement("style");
      style.textContent = "admit-tickets::part(increase-button) { border-top-width: 5px }";
      page().append(style);
      expect(getComputedStyle(more).borderTopWidth).to.equal("5px");
      // Big enough to hit: 44 × 44 CSS px (WCAG 2.5.8 asks 24).
      expect(more.getBoundingClientRect().width).to.be.at.least(40);
      expect(more.getBoundingClientRect().height).to.be.at.least(40);
      const input = byRole<HTMLInputElement>(el, "spinbutton", "Quantity for VIP");
      input.value = "12";
      input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
      await settle(el);
      expect(input.getAttribute("aria-invalid")).to.equal("true");
      const shown = (deepAll(el, ".range") as HTMLElement[]).filter((r) => !r.hidden);
      expect(shown).to.have.length(1);
      const range = shown[0]!;
      expect(range.textContent).to.contain("Choose 0 to 3 tickets");
      expect(one(el, "[part=total]").textContent).to.contain("€360.00");
      input.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
      await settle(el);
      expect(input.value).to.equal("3");
      expect(
        allByRole(el, "spinbutton").every(
          (i) => inViewport(i) || i.getBoundingClientRect().top > 0,
        ),
      ).to.equal(true);
      expectNoHorizontalOverflow();
    });
  });
}
