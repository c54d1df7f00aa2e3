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
});
