import type { Hold } from "@admit/client/contract";
import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { byRole, type } from "../../../../../test/browser/helpers/widget.js";
import { workshopEvent } from "../../../../../test/mocks/fixtures.js";

const held = {
  hold: {
    id: "hold_aaaaaaaa",
    items: [{ tierId: "seat", quantity: 2 }],
    total: { amount: 6000, currency: "JPY" },
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  } as Hold,
  skewMs: 0,
};

describe("admit-buyer-form", () => {
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

  it("does not send checkout while a required field is empty", async () => {
    const { part, sent, remove } = await renderPart("admit-buyer-form", {
      name: "held",
      event: workshopEvent,
      held,
    });
    byRole(part, "button", /^Pay/).click();
    expect(sent).to.deep.equal([]);
    remove();
  });
});
