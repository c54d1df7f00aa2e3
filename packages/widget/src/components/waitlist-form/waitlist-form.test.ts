import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { byRole, type } from "../../../../../test/browser/helpers/widget.js";
import { galaEvent } from "../../../../../test/mocks/fixtures.js";

const open = {
  name: "ready",
  event: galaEvent,
  quantities: {},
  waitlist: { tierId: "student", pending: false },
} as const;

describe("admit-waitlist-form", () => {
  it("sends join-waitlist with email, name and quantity", async () => {
    const { part, sent, remove } = await renderPart("admit-waitlist-form", open);
    type(byRole(part, "textbox", "Email"), "grace@example.com");
    type(byRole(part, "textbox", "Name"), "Grace");
    type(byRole(part, "spinbutton", "Quantity for Student"), "2");
    byRole(part, "button", "Join the waitlist").click();
    expect(sent).to.deep.equal([
      { type: "join-waitlist", email: "grace@example.com", quantity: 2, name: "Grace" },
    ]);
    remove();
  });

  it("Cancel closes the form", async () => {
    const { part, sent, remove } = await renderPart("admit-waitlist-form", open);
    byRole(part, "button", "Cancel").click();
    expect(sent).to.deep.equal([{ type: "close-waitlist" }]);
    remove();
  });
});
