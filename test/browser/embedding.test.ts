import "@admit/widget/define";
import { AdmitTickets, defineAdmitElements } from "@admit/widget";
import { expect } from "chai";
import { workshopEvent } from "../mocks/fixtures.js";
import { pay, reserve } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import { cleanUp, expectPolicyEnforced, inState, mount, until } from "./helpers/widget.js";

describe("embedding in any page", () => {
  afterEach(cleanUp);

  it("defining the elements twice is harmless and keeps the first definition", () => {
    defineAdmitElements();
    defineAdmitElements();
    expect(customElements.get("admit-tickets")).to.equal(AdmitTickets);
  });

  it("two widgets for one event on one page hold seats independently", async () => {
    const api = await useMockApi();
    const a = mount();
    const b = mount();
    await reserve(a, "Standard", 1);
    await reserve(b, "VIP", 2);
    const holdOf = (el: AdmitTickets) => (el.state.name === "held" ? el.state.held.hold.id : "");
    expect(holdOf(a)).not.to.equal(holdOf(b));
    expect(api.requests("createHold").map((r) => r.body)).to.have.length(2);
  });

  it("widgets for different events on one page save their sessions under different keys", async () => {
    const gala = await useMockApi();
    const a = mount();
    await reserve(a);
    const keys = Object.keys(sessionStorage);
    expect(keys).to.deep.equal([`admit:${gala.baseUrl}#spring-gala`]);
    await useMockApi({ event: workshopEvent });
    const b = mount({ event: "workshop" });
    await inState(b, "ready");
    expect(Object.keys(sessionStorage)).to.deep.equal(keys);
  });

  it("added, removed while polling, and re-added: stops work when removed and resumes after", async () => {
    const api = await useMockApi({
      orderStatuses: ["pending_payment", "pending_payment", "paid"],
      nextPollMs: 200,
    });
    const el = mount();
    await reserve(el);
    await pay(el);
    await inState(el, "confirming");
    el.remove();
    const polls = api.requests("getOrder").length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(api.requests("getOrder").length, "no polling while removed").to.equal(polls);
    document.body.append(el);
    await inState(el, "paid");
  });

  it("renders under a CSP of script-src 'self' without any policy violation", async () => {
    const frame = document.createElement("iframe");
    frame.src = new URL("./pages/csp.html", import.meta.url).href;
    document.body.append(frame);
    try {
      const win = await until(
        () => frame.contentWindow as (Window & { violations?: string[] }) | null,
        "frame",
      );
      const widget = await until(
        () => win.document.querySelector("admit-tickets") as AdmitTickets | null,
        "widget",
      );
      await until(() => widget.state?.name === "ready", "ready under CSP");
      expect(win.violations).to.deep.equal([]);
      // Control: the policy is in force and violations are recorded.
      await expectPolicyEnforced(win);
    } finally {
      frame.remove();
    }
  });
});
