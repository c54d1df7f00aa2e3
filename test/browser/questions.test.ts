import type { AdmitTickets } from "@admit/widget";
import { setViewport } from "@web/test-runner-commands";
import { expect } from "chai";
import { conferenceEvent, galaEvent } from "../mocks/fixtures.js";
import { reserve } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import { VIEWPORTS } from "./helpers/viewports.js";
import {
  allByRole,
  byRole,
  cleanUp,
  deepAll,
  inState,
  mount,
  settle,
  type,
  until,
} from "./helpers/widget.js";

// Issue #17 through the whole widget: questions, the buyer's details surviving, the host's
// prefill and the tiers attribute, on a phone and on a laptop.

/** The one form field with this id, through the shadow roots. */
function field<T extends HTMLElement = HTMLInputElement>(el: Element, id: string): T {
  const [found] = deepAll(el, `#${id}`);
  if (!found) throw new Error(`no field #${id}`);
  return found as T;
}

function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
}

/** The buyer fills the conference's form (one Standard ticket) without pressing Pay. */
function fill(el: AdmitTickets) {
  type(byRole(el, "textbox", "Name"), "Ada Lovelace");
  type(byRole(el, "textbox", "Email"), "ada@example.com");
  type(byRole(el, "textbox", "Company"), "Engines Ltd");
  field(el, "f-q-terms").click();
  type(byRole(el, "textbox", "Name on ticket 1 (Standard)"), "Ada");
  choose(field<HTMLSelectElement>(el, "f-a0-shirt"), "m");
}

/** What the form shows for the fields `fill` fills. */
function shown(el: AdmitTickets) {
  return {
    name: byRole<HTMLInputElement>(el, "textbox", "Name").value,
    email: byRole<HTMLInputElement>(el, "textbox", "Email").value,
    company: field(el, "f-q-company").value,
    terms: field(el, "f-q-terms").checked,
    attendee: field(el, "f-a0").value,
    shirt: field<HTMLSelectElement>(el, "f-a0-shirt").value,
  };
}

const FILLED = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  company: "Engines Ltd",
  terms: true,
  attendee: "Ada",
  shirt: "m",
};

const mountConference = (attributes: Record<string, string> = {}, parent?: Element) =>
  mount({ event: "conference", ...attributes }, parent);

for (const viewport of VIEWPORTS) {
  describe(`checkout questions at ${viewport.width} px (${viewport.name})`, () => {
    beforeEach(() => setViewport({ width: viewport.width, height: viewport.height }));
    afterEach(cleanUp);

    it("asks the questions, sends the answers, and the form fits the screen", async () => {
      const api = await useMockApi({ event: conferenceEvent });
      const el = mountConference();
      await reserve(el, "Standard", 1);
      fill(el);
      el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
      byRole(el, "button", /^Pay/).click();
      await until(() => api.requests("checkout").length === 1, "the checkout");
      const [sent] = api.requests("checkout");
      expect(sent!.body).to.deep.include({
        answers: { company: "Engines Ltd", terms: true },
        attendees: [{ tierId: "standard", name: "Ada", answers: { shirt: "m" } }],
      });
      expect(document.documentElement.scrollWidth, "page width").to.be.at.most(innerWidth);
      for (const control of deepAll(el, "input:not([type=hidden]), select, textarea")) {
        const r = control.getBoundingClientRect();
        expect(r.right, `#${control.id} inside the viewport`).to.be.at.most(innerWidth);
      }
    });

    it("keeps what the buyer typed when the hold expires and they reserve again", async () => {
      await useMockApi({ event: conferenceEvent, holdTtlMs: 1500 });
      const el = mountConference();
      await reserve(el, "Standard", 1);
      fill(el);
      await inState(el, "hold-expired", 4000);
      // The tiers stay with the hold's quantities: "Reserve again" takes them again.
      byRole(el, "button", "Reserve again").click();
      await inState(el, "held");
      expect(shown(el)).to.deep.equal(FILLED);
    });

    it("keeps what the buyer typed across a reload", async () => {
      await useMockApi({ event: conferenceEvent });
      const first = mountConference();
      await reserve(first, "Standard", 1);
      fill(first);
      first.remove();
      const el = mountConference();
      await inState(el, "held");
      expect(shown(el)).to.deep.equal(FILLED);
    });

    it("keeps what the buyer typed after a declined payment and Choose tickets again", async () => {
      await useMockApi({ event: conferenceEvent, orderStatuses: ["failed"] });
      const el = mountConference();
      await reserve(el, "Standard", 1);
      fill(el);
      el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
      byRole(el, "button", /^Pay/).click();
      await inState(el, "failed");
      byRole(el, "button", "Choose tickets again").click();
      await reserve(el, "Standard", 1);
      expect(shown(el)).to.deep.equal(FILLED);
    });

    it("prefills the buyer and answers from the host's attributes, fixed when it says so", async () => {
      await useMockApi({ event: conferenceEvent });
      const el = mountConference({
        "buyer-name": "Ada Lovelace",
        "buyer-email": "ada@example.com",
        "data-question-company": "Engines Ltd",
        "prefill-fixed": "",
      });
      await reserve(el, "Standard", 1);
      const name = byRole<HTMLInputElement>(el, "textbox", "Name");
      expect(name.value).to.equal("Ada Lovelace");
      expect(name.readOnly).to.equal(true);
      expect(field(el, "f-q-company").value).to.equal("Engines Ltd");
      expect(field(el, "f-q-company").readOnly).to.equal(true);
      expect(field(el, "f-a0").readOnly, "not prefilled: editable").to.equal(false);
    });
  });
}

describe("two widgets of one event with the tiers attribute", () => {
  afterEach(cleanUp);

  it("each shows its own tiers and keeps its own hold, total and session", async () => {
    const api = await useMockApi({ event: galaEvent });
    const a = mount({ tiers: "standard" });
    const b = mount({ tiers: "vip, student" });
    await inState(a, "ready");
    await inState(b, "ready");
    const tierNames = (el: AdmitTickets) =>
      allByRole(el, "spinbutton").map((s) => s.getAttribute("aria-label") ?? "");
    expect(a.state.name === "ready" && a.state.event.tiers.map((t) => t.id)).to.deep.equal([
      "standard",
    ]);
    expect(b.state.name === "ready" && b.state.event.tiers.map((t) => t.id)).to.deep.equal([
      "vip",
      "student",
    ]);
    expect(tierNames(a).some((n) => /VIP/.test(n))).to.equal(false);
    await reserve(a, "Standard", 2);
    await reserve(b, "VIP", 1);
    const holdOf = (el: AdmitTickets) =>
      el.state.name === "held" ? el.state.held.hold : undefined;
    expect(holdOf(a)!.id).not.to.equal(holdOf(b)!.id);
    expect(holdOf(a)!.total.amount).to.equal(9000);
    expect(holdOf(b)!.total.amount).to.equal(12000);
    expect(api.requests("createHold").map((r) => r.body)).to.deep.equal([
      { eventId: "spring-gala", items: [{ tierId: "standard", quantity: 2 }] },
      { eventId: "spring-gala", items: [{ tierId: "vip", quantity: 1 }] },
    ]);
    // Two sessions in storage, one per widget; each resumes its own after a reload.
    const sessions = Object.keys(sessionStorage).filter((k) => k.startsWith("admit:"));
    expect(sessions).to.have.length(2);
    const ids = [holdOf(a)!.id, holdOf(b)!.id];
    a.remove();
    b.remove();
    const a2 = mount({ tiers: "standard" });
    const b2 = mount({ tiers: "vip, student" });
    await inState(a2, "held");
    await inState(b2, "held");
    await settle(a2);
    expect([holdOf(a2)!.id, holdOf(b2)!.id]).to.deep.equal(ids);
  });
});
