import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { byRole, type } from "../../../../../test/browser/helpers/widget.js";
import { galaEvent, tiers } from "../../../../../test/mocks/fixtures.js";

const ready = { name: "ready", event: galaEvent, quantities: {} } as const;

describe("admit-tier-row", () => {
  it("names its quantity spinbutton after the tier and sends set-quantity on change", async () => {
    const { part, sent, remove } = await renderPart("admit-tier-row", ready, {
      tier: tiers.standard,
    });
    type(byRole(part, "spinbutton", "Quantity for Standard"), "2");
    expect(sent).to.deep.include({ type: "set-quantity", tierId: "standard", quantity: 2 });
    expect(sent.every((s) => s.type === "set-quantity")).to.equal(true);
    remove();
  });

  it("takes a valid count while the buyer types, so Reserve enables without leaving the field", async () => {
    const { part, sent, remove } = await renderPart("admit-tier-row", ready, {
      tier: tiers.standard,
    });
    const input = byRole(part, "spinbutton", "Quantity for Standard") as HTMLInputElement;
    input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    expect(sent, "an empty field is left alone while typing").to.deep.equal([]);
    input.value = "3";
    input.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    expect(sent).to.deep.equal([{ type: "set-quantity", tierId: "standard", quantity: 3 }]);
    remove();
  });

  it("shows the price in the tier's currency from minor units and 'Only N left' when limited", async () => {
    const { part, remove } = await renderPart("admit-tier-row", ready, { tier: tiers.vip });
    expect(part.shadowRoot!.textContent).to.contain("€120.00").and.contain("Only 3 left");
    remove();
  });

  it("a sold-out tier with a waitlist offers joining it instead of a quantity", async () => {
    const { part, sent, remove } = await renderPart("admit-tier-row", ready, {
      tier: tiers.student,
    });
    expect(() => byRole(part, "spinbutton")).to.throw();
    byRole(part, "button", "Join the waitlist: Student").click();
    expect(sent).to.deep.equal([{ type: "open-waitlist", tierId: "student" }]);
    remove();
  });

  it("a tier not yet on sale shows its start time; an ended one says so", async () => {
    const late = await renderPart("admit-tier-row", ready, { tier: tiers.late });
    expect(late.part.shadowRoot!.textContent).to.contain("On sale from May");
    late.remove();
    const early = await renderPart("admit-tier-row", ready, { tier: tiers.early });
    expect(early.part.shadowRoot!.textContent).to.contain("Sales have ended");
    early.remove();
  });
});
