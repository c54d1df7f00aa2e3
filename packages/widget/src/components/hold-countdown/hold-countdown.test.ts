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

  it("announces the whole minutes left, never rounded up, then under a minute and under 30 s", () => {
    const spoken = new Set<string>();
    for (let s = 125; s > 0; s--) {
      const m = countdownMilestone(s * 1000);
      spoken.add(`${m.lessThan ? "< " : ""}${m.value} ${m.unit}`);
    }
    expect([...spoken]).to.deep.equal(["2 minute", "1 minute", "< 1 minute", "< 30 second"]);
    // 1:04 left is "1 minute", not "2 minutes".
    expect(countdownMilestone(64_000)).to.deep.equal({ unit: "minute", value: 1, lessThan: false });
  });

  it("shows what is held with the server's total, the time left, and turns urgent in the last minute", async () => {
    const items = [
      { tierId: "standard", quantity: 2 },
      { tierId: "vip", quantity: 1 },
    ];
    const held = (ms: number) => {
      const h = hold(ms);
      return { ...h, hold: { ...h.hold, items, total: { amount: 21000, currency: "EUR" } } };
    };
    const { part, setState, remove } = await renderPart("admit-hold-countdown", {
      name: "held",
      event: galaEvent,
      held: held(125_000),
    });
    const root = part.shadowRoot!;
    const lines = [...root.querySelectorAll("li")].map((li) =>
      li.textContent!.replace(/\s+/g, " ").trim(),
    );
    expect(lines).to.deep.equal(["2 × Standard €90.00", "1 × VIP €120.00"]);
    expect(root.querySelector(".total")!.textContent).to.contain("€210.00");
    expect(root.querySelector("time")!.textContent).to.match(/^2:0[45]$/);
    expect(root.querySelector("[role=status]")!.textContent).to.contain("2 minutes left");
    expect(root.querySelector("[part=countdown]")!.classList.contains("urgent")).to.equal(false);
    await setState({ name: "held", event: galaEvent, held: held(50_000) });
    expect(root.querySelector("[part=countdown]")!.classList.contains("urgent")).to.equal(true);
    expect(root.querySelector("[role=status]")!.textContent).to.contain("Less than 1 minute left");
    remove();
  });

  it("Release asks first: Keep them changes nothing, Release then sends release", async () => {
    const { part, sent, remove } = await renderPart("admit-hold-countdown", {
      name: "held",
      event: galaEvent,
      held: hold(125_000),
    });
    byRole(part, "button", "Release").click();
    await (part as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(sent).to.deep.equal([]);
    expect(part.shadowRoot!.textContent).to.contain("Release these seats?");
    byRole(part, "button", "Keep them").click();
    await (part as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(sent).to.deep.equal([]);
    byRole(part, "button", "Release").click();
    await (part as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    byRole(part, "button", "Release").click();
    expect(sent).to.deep.equal([{ type: "release" }]);
    remove();
  });
});
