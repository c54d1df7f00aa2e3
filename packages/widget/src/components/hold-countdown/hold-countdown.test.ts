import type { Hold } from "@admit/client/contract";
import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { byRole } from "../../../../../test/browser/helpers/widget.js";
import { galaEvent } from "../../../../../test/mocks/fixtures.js";
import { timeLeft } from "../../state/widget-machine.js";
import { countdownMilestone } from "./hold-countdown.js";

const hold = (ms: number, skewMs = 0) => ({
  hold: {
    id: "hold_aaaaaaaa",
    expiresAt: new Date(Date.now() + ms).toISOString(),
    items: [],
    total: { amount: 0, currency: "EUR" },
  } as unknown as Hold,
  skewMs,
});

describe("admit-hold-countdown", () => {
  it("counts down from the server's expiry, corrected by the server clock's skew", () => {
    // The server's clock is 60 s ahead: 5 minutes on its clock are 4 minutes left.
    expect(Math.round(timeLeft(hold(300_000, 60_000)) / 1000)).to.equal(240);
  });

  it("announces each minute and once at 30 seconds, not every second", () => {
    const spoken = new Set<string>();
    for (let s = 125; s > 0; s--) {
      const m = countdownMilestone(s * 1000);
      spoken.add(`${m.value} ${m.unit}`);
    }
    expect([...spoken]).to.deep.equal(["3 minute", "2 minute", "1 minute", "30 second"]);
  });

  it("shows the time left and sends release", async () => {
    const { part, sent, remove } = await renderPart("admit-hold-countdown", {
      name: "held",
      event: galaEvent,
      held: hold(125_000),
    });
    expect(part.shadowRoot!.querySelector("time")!.textContent).to.match(/^2:0[45]$/);
    expect(part.shadowRoot!.querySelector("[role=status]")!.textContent).to.contain(
      "3 minutes left",
    );
    byRole(part, "button", "Release").click();
    expect(sent).to.deep.equal([{ type: "release" }]);
    remove();
  });
});
