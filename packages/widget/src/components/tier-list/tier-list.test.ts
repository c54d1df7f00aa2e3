import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { byRole } from "../../../../../test/browser/helpers/widget.js";
import { galaEvent } from "../../../../../test/mocks/fixtures.js";

describe("admit-tier-list", () => {
  it("Reserve is disabled until a ticket is chosen, then sends reserve", async () => {
    const { part, sent, setState, remove } = await renderPart("admit-tier-list", {
      name: "ready",
      event: galaEvent,
      quantities: {},
    });
    expect(byRole<HTMLButtonElement>(part, "button", "Reserve").disabled).to.equal(true);
    await setState({ name: "ready", event: galaEvent, quantities: { standard: 2 } });
    expect(part.shadowRoot!.textContent).to.contain("€90.00");
    byRole(part, "button", "Reserve").click();
    expect(sent).to.deep.equal([{ type: "reserve" }]);
    remove();
  });

  it("shows a problem as a human message, never its code", async () => {
    const { part, remove } = await renderPart("admit-tier-list", {
      name: "ready",
      event: galaEvent,
      quantities: {},
      problem: "limit_exceeded",
    });
    expect(part.shadowRoot!.textContent)
      .to.contain("more than one order may have")
      .and.not.contain("limit_exceeded");
    remove();
  });

  it("renders every tier in its own shadow root, a typed count out of range tied to its row only", async () => {
    const { part, remove } = await renderPart("admit-tier-list", {
      name: "ready",
      event: galaEvent,
      quantities: {},
    });
    expect(part.shadowRoot!.querySelectorAll("[part=tier]")).to.have.length(galaEvent.tiers.length);
    // A later row: with one id for every row's message, the first row's (empty) would be found.
    const vip = byRole<HTMLInputElement>(part, "spinbutton", "Quantity for VIP");
    vip.value = "99";
    vip.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    await part.updateComplete;
    expect(vip.getAttribute("aria-invalid")).to.equal("true");
    const message = part.shadowRoot!.getElementById(vip.getAttribute("aria-describedby")!);
    expect(message!.textContent).to.contain("Choose 0 to");
    const standard = byRole(part, "spinbutton", "Quantity for Standard");
    expect(standard.getAttribute("aria-invalid")).to.equal("false");
    expect(standard.hasAttribute("aria-describedby")).to.equal(false);
    expect(part.shadowRoot!.querySelectorAll(".range:not([hidden])")).to.have.length(1);
    remove();
  });
});
