import type { OrderStatus } from "@admit/client/contract";
import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { allByRole, byRole } from "../../../../../test/browser/helpers/widget.js";

const order = (status: OrderStatus["status"], tickets: OrderStatus["tickets"] = []) =>
  ({ id: "ord_aaaaaaaa", status, tickets }) as unknown as OrderStatus;

describe("admit-order-status", () => {
  it("confirming shows a progress bar named for what it waits for", async () => {
    const { part, remove } = await renderPart("admit-order-status", {
      name: "confirming",
      order: order("pending_payment"),
    });
    expect(allByRole(part, "progressbar", "Confirming payment")).to.have.length(1);
    remove();
  });

  it("paid lists each ticket's code", async () => {
    const ticket = {
      id: "tkt_aaaaaaaa",
      code: "QX7Y2K9P",
      tierId: "s",
      tierName: "Standard",
      attendee: { name: "Ada" },
      status: "valid",
      checkedInAt: null,
    } as const;
    const { part, remove } = await renderPart("admit-order-status", {
      name: "paid",
      order: order("paid", [ticket]),
    });
    expect(part.shadowRoot!.querySelector("code")!.textContent).to.equal("QX7Y2K9P");
    remove();
  });

  it("failed offers Try again (retry-payment on the same order)", async () => {
    const { part, sent, remove } = await renderPart("admit-order-status", {
      name: "failed",
      order: order("failed"),
    });
    byRole(part, "button", "Try again").click();
    expect(sent).to.deep.equal([{ type: "retry-payment" }]);
    remove();
  });

  it("manual-review promises no double charge, offers nothing to pay, and lets the buyer choose again", async () => {
    const { part, remove } = await renderPart("admit-order-status", {
      name: "manual-review",
      order: order("manual_review"),
    });
    expect(part.shadowRoot!.textContent).to.contain("not be charged twice");
    expect(allByRole(part, "button").map((b) => b.textContent?.trim())).to.deep.equal([
      "Choose tickets again",
    ]);
    expect(part.shadowRoot!.querySelector("a")).to.equal(null);
    remove();
  });

  it("confirming after coming back unpaid links to the payment page in the same tab", async () => {
    const { part, remove } = await renderPart("admit-order-status", {
      name: "confirming",
      order: order("pending_payment"),
      paymentUrl: "https://pay.admit.test/checkout/x",
    });
    const link = byRole(part, "link", "Continue to payment") as HTMLAnchorElement;
    expect(link.href).to.equal("https://pay.admit.test/checkout/x");
    expect(link.target).to.equal("_self");
    expect(part.shadowRoot!.textContent).to.contain("This page updates by itself");
    remove();
  });
});
