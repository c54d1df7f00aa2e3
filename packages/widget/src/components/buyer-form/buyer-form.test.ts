import type { Hold } from "@admit/client/contract";
import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { byRole, deepAll, settle, type } from "../../../../../test/browser/helpers/widget.js";
import { conferenceEvent, workshopEvent } from "../../../../../test/mocks/fixtures.js";

const held = {
  hold: {
    id: "hold_aaaaaaaa",
    items: [{ tierId: "seat", quantity: 2 }],
    total: { amount: 6000, currency: "JPY" },
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  } as Hold,
  skewMs: 0,
};

/** One Standard and one VIP ticket of the conference: the T-shirt is asked for Standard only. */
const conferenceHeld = {
  hold: {
    id: "hold_bbbbbbbb",
    items: [
      { tierId: "standard", quantity: 1 },
      { tierId: "vip", quantity: 1 },
    ],
    total: { amount: 16500, currency: "EUR" },
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  } as Hold,
  skewMs: 0,
};

const conference = { name: "held", event: conferenceEvent, held: conferenceHeld } as const;

function field<T extends HTMLElement = HTMLInputElement>(part: Element, id: string): T {
  const el = part.shadowRoot!.getElementById(id);
  if (!el) throw new Error(`no field #${id}`);
  return el as T;
}

/** The texts of the elements an element's `aria-describedby` names. */
function description(part: Element, el: Element): string[] {
  return (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => part.shadowRoot!.getElementById(id)!.textContent!.trim());
}

function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
}

function tick(box: HTMLInputElement) {
  box.click();
}

/** Fills every required field of the conference form. */
function fillRequired(part: Element) {
  type(byRole(part, "textbox", "Name"), "Ada");
  type(byRole(part, "textbox", "Email"), "ada@example.com");
  type(byRole(part, "textbox", "Company"), "Engines Ltd");
  tick(field(part, "f-q-terms"));
  type(byRole(part, "textbox", "Name on ticket 1 (Standard)"), "Ada");
  type(byRole(part, "textbox", "Name on ticket 2 (VIP)"), "Charles");
  choose(field<HTMLSelectElement>(part, "f-a0-shirt"), "m");
}

describe("admit-buyer-form", () => {
  beforeEach(() => sessionStorage.clear());

  it("asks Name, Email and a name per ticket, and Pay shows the amount in the currency's digits", async () => {
    const { part, sent, remove } = await renderPart("admit-buyer-form", {
      name: "held",
      event: workshopEvent,
      held,
    });
    type(byRole(part, "textbox", "Name"), "Ada");
    type(byRole(part, "textbox", "Email"), "ada@example.com");
    type(byRole(part, "textbox", "Name on ticket 1 (Seat)"), "Ada");
    type(byRole(part, "textbox", "Name on ticket 2 (Seat)"), "Charles");
    const payButton = byRole(part, "button", /^Pay/);
    expect(payButton.textContent!.trim()).to.equal("Pay ¥6,000");
    payButton.click();
    expect(sent).to.deep.equal([
      {
        type: "checkout",
        buyer: { name: "Ada", email: "ada@example.com" },
        attendees: [
          { tierId: "seat", name: "Ada" },
          { tierId: "seat", name: "Charles" },
        ],
      },
    ]);
    remove();
  });

  it("does not send checkout while a required field is empty; the error is tied to the field and focused", async () => {
    const { part, sent, remove } = await renderPart("admit-buyer-form", {
      name: "held",
      event: workshopEvent,
      held,
    });
    type(byRole(part, "textbox", "Name"), "   ");
    byRole(part, "button", /^Pay/).click();
    await settle(part);
    expect(sent).to.deep.equal([]);
    const name = byRole(part, "textbox", "Name");
    expect(name.getAttribute("aria-invalid")).to.equal("true");
    expect(description(part, name)).to.deep.equal(["Please fill this in."]);
    expect(part.shadowRoot!.activeElement).to.equal(name);
    // Editing the field clears its error.
    type(name, "Ada");
    await settle(part);
    expect(name.hasAttribute("aria-invalid")).to.equal(false);
    remove();
  });

  it("renders each question type with its label and description, attendee questions only for their tiers", async () => {
    const { part, remove } = await renderPart("admit-buyer-form", conference);
    const root = part.shadowRoot!;
    // Order questions once; the T-shirt only for the Standard ticket, the rest for both.
    expect(root.querySelectorAll("[name='q:company']")).to.have.length(1);
    expect(field(part, "f-q-terms").type).to.equal("checkbox");
    expect(root.querySelector("a[href='https://conf.example/terms']")!.textContent).to.equal(
      "Read the terms",
    );
    expect(field(part, "f-q-notes").localName).to.equal("textarea");
    expect(description(part, field(part, "f-q-notes"))).to.deep.equal(["Anything we should know"]);
    expect(root.querySelector("label[for='f-q-notes']")!.textContent).to.match(
      /Notes\s*\(optional\)/,
    );
    expect(root.querySelectorAll("[name='a0:shirt']")).to.have.length(1);
    expect(root.querySelectorAll("[name='a1:shirt']")).to.have.length(0);
    expect(field<HTMLSelectElement>(part, "f-a0-shirt").required).to.equal(true);
    expect(field(part, "f-a1-age").type).to.equal("number");
    expect(field(part, "f-a1-born").type).to.equal("date");
    expect(field(part, "f-a1-phone").type).to.equal("tel");
    const countries = field<HTMLSelectElement>(part, "f-a1-country");
    expect(countries.options.length).to.be.greaterThan(200);
    expect([...countries.options].some((o) => o.value === "DE" && o.text === "Germany")).to.equal(
      true,
    );
    // A multi-select is a group of boxes named by its legend.
    const diet = root.querySelectorAll("fieldset.question")[0]!;
    expect(diet.querySelector("legend")!.textContent).to.match(/^Diet/);
    expect(diet.querySelectorAll("input[type=checkbox]")).to.have.length(2);
    // Ticket sections are groups named by their heading.
    const tickets = root.querySelectorAll("fieldset.ticket");
    expect(
      [...tickets].map((t) => root.getElementById(t.getAttribute("aria-labelledby")!)!.textContent),
    ).to.deep.equal(["Ticket 1: Standard", "Ticket 2: VIP"]);
    remove();
  });

  it("names every unanswered required question and focuses the first, then sends typed answers", async () => {
    const { part, sent, remove } = await renderPart("admit-buyer-form", conference);
    type(byRole(part, "textbox", "Name"), "Ada");
    type(byRole(part, "textbox", "Email"), "ada@example.com");
    byRole(part, "button", /^Pay/).click();
    await settle(part);
    expect(sent).to.deep.equal([]);
    const invalid = deepAll(part, "[aria-invalid=true]").map((el) => el.id);
    expect(invalid).to.deep.equal(["f-q-company", "f-q-terms", "f-a0", "f-a0-shirt", "f-a1"]);
    expect(part.shadowRoot!.activeElement!.id).to.equal("f-q-company");
    expect(description(part, field(part, "f-q-terms"))).to.deep.equal([
      "Please tick this box to continue.",
    ]);
    expect(description(part, field(part, "f-a0-shirt"))).to.deep.equal([
      "Unisex sizes",
      "Please fill this in.",
    ]);
    fillRequired(part);
    type(field(part, "f-a0-age"), "36");
    type(field(part, "f-a1-born"), "1815-12-10");
    tick(field(part, "f-a1-diet-0"));
    tick(field(part, "f-a1-diet-1"));
    choose(field<HTMLSelectElement>(part, "f-a1-country"), "GB");
    byRole(part, "button", /^Pay/).click();
    expect(sent).to.deep.equal([
      {
        type: "checkout",
        buyer: { name: "Ada", email: "ada@example.com" },
        attendees: [
          { tierId: "standard", name: "Ada", answers: { shirt: "m", age: 36 } },
          {
            tierId: "vip",
            name: "Charles",
            answers: { diet: ["vegan", "nuts"], born: "1815-12-10", country: "GB" },
          },
        ],
        answers: { company: "Engines Ltd", terms: true },
      },
    ]);
    remove();
  });

  it("refuses a phone number the server would refuse, naming the field", async () => {
    const { part, sent, remove } = await renderPart("admit-buyer-form", conference);
    fillRequired(part);
    const phone = field(part, "f-a1-phone");
    type(phone, "call me");
    byRole(part, "button", /^Pay/).click();
    await settle(part);
    expect(sent).to.deep.equal([]);
    expect(phone.getAttribute("aria-invalid")).to.equal("true");
    expect(description(part, phone)).to.deep.equal(["Please check this value."]);
    type(phone, "+49 30 1234567");
    byRole(part, "button", /^Pay/).click();
    expect(sent).to.have.length(1);
    remove();
  });

  it("keeps what the buyer typed: a new form of the same widget starts with it", async () => {
    const first = await renderPart("admit-buyer-form", conference);
    fillRequired(first.part);
    tick(field(first.part, "f-a1-diet-1"));
    first.remove();
    const again = await renderPart("admit-buyer-form", conference);
    expect(byRole<HTMLInputElement>(again.part, "textbox", "Name").value).to.equal("Ada");
    expect(field(again.part, "f-q-company").value).to.equal("Engines Ltd");
    expect(field(again.part, "f-q-terms").checked).to.equal(true);
    expect(field<HTMLSelectElement>(again.part, "f-a0-shirt").value).to.equal("m");
    expect(field(again.part, "f-a1-diet-1").checked).to.equal(true);
    expect(field(again.part, "f-a1-diet-0").checked).to.equal(false);
    byRole(again.part, "button", /^Pay/).click();
    expect(again.sent).to.have.length(1);
    again.remove();
  });
});

describe("admit-buyer-form prefill", () => {
  beforeEach(() => sessionStorage.clear());

  /** The form inside a host carrying the prefill attributes, as `<admit-tickets>` would. */
  async function prefilled(
    attributes: Record<string, string>,
    props: Record<string, unknown> = {},
  ) {
    const rendered = await renderPart("admit-buyer-form", conference);
    const host = rendered.part.parentElement!;
    for (const [k, v] of Object.entries(attributes)) host.setAttribute(k, v);
    Object.assign(host, props);
    (rendered.part as unknown as { requestUpdate(): void }).requestUpdate();
    await settle(rendered.part);
    return rendered;
  }

  it("fills the buyer and answers from attributes; editable unless prefill-fixed", async () => {
    const { part, remove } = await prefilled({
      "buyer-name": "Ada Lovelace",
      "buyer-email": "ada@example.com",
      "data-question-company": "Engines Ltd",
      "data-question-terms": "true",
      "data-question-shirt": "l",
    });
    const name = byRole<HTMLInputElement>(part, "textbox", "Name");
    expect(name.value).to.equal("Ada Lovelace");
    expect(name.readOnly).to.equal(false);
    expect(byRole<HTMLInputElement>(part, "textbox", "Email").value).to.equal("ada@example.com");
    expect(field(part, "f-q-company").value).to.equal("Engines Ltd");
    expect(field(part, "f-q-terms").checked).to.equal(true);
    // An attendee question's answer goes to the first ticket it is asked for.
    expect(field<HTMLSelectElement>(part, "f-a0-shirt").value).to.equal("l");
    remove();
  });

  it("properties win over attributes, and prefill-fixed makes the prefilled fields read-only", async () => {
    const { part, sent, remove } = await prefilled(
      { "buyer-name": "Someone", "prefill-fixed": "" },
      {
        buyerName: "Ada Lovelace",
        buyerEmail: "ada@example.com",
        answers: { company: "Engines Ltd", shirt: "s" },
      },
    );
    const name = byRole<HTMLInputElement>(part, "textbox", "Name");
    expect(name.value).to.equal("Ada Lovelace");
    expect(name.readOnly).to.equal(true);
    expect(field(part, "f-q-company").readOnly).to.equal(true);
    expect(field<HTMLSelectElement>(part, "f-a0-shirt").disabled).to.equal(true);
    // Not prefilled: editable.
    expect(field(part, "f-q-notes").readOnly).to.equal(false);
    tick(field(part, "f-q-terms"));
    type(byRole(part, "textbox", "Name on ticket 1 (Standard)"), "Ada");
    type(byRole(part, "textbox", "Name on ticket 2 (VIP)"), "Charles");
    byRole(part, "button", /^Pay/).click();
    // The fixed select's value travels although the select is disabled.
    expect(sent).to.have.length(1);
    const intent = sent[0] as unknown as { answers: unknown; attendees: { answers?: unknown }[] };
    expect(intent.answers).to.deep.equal({ company: "Engines Ltd", terms: true });
    expect(intent.attendees[0]!.answers).to.deep.equal({ shirt: "s" });
    remove();
  });
});
