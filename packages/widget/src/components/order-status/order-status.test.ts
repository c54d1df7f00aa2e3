import type { OrderReceipt, OrderStatus } from "@admit/client/contract";
import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { allByRole, byRole, until } from "../../../../../test/browser/helpers/widget.js";

const order = (
  status: OrderStatus["status"],
  tickets: OrderStatus["tickets"] = [],
  expiresInMs = 600_000,
) =>
  ({
    id: "ord_aaaaaaaa",
    status,
    tickets,
    total: { amount: 13500, currency: "EUR" },
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  }) as unknown as OrderStatus;

describe("admit-order-status", () => {
  it("confirming shows a progress bar named for what it waits for", async () => {
    const { part, remove } = await renderPart("admit-order-status", {
      name: "confirming",
      order: order("pending_payment"),
    });
    expect(allByRole(part, "progressbar", "Confirming payment")).to.have.length(1);
    remove();
  });

  it("paid shows the receipt, with the order's own tickets until the receipt is read", async () => {
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
    const receipt = part.shadowRoot!.querySelector("admit-order-receipt")!;
    expect(receipt.getAttribute("part")).to.equal("receipt");
    const code = receipt.shadowRoot!.querySelector("[part=ticket-code]")!;
    expect(code.textContent).to.equal("QX7Y2K9P");
    expect([...code.querySelectorAll("span")].map((s) => s.textContent)).to.deep.equal([
      "QX7Y",
      "2K9P",
    ]);
    remove();
  });

  it("failed reads as not completed (not as a declined card), says the seats are held and until when, and offers Try again", async () => {
    const { part, sent, remove } = await renderPart("admit-order-status", {
      name: "failed",
      order: order("failed", [], 9.5 * 60_000),
    });
    const text = part.shadowRoot!.textContent!.replace(/\s+/g, " ");
    expect(text).to.contain("The payment was not completed").and.contain("Nothing was charged");
    expect(text).to.not.contain("did not go through");
    expect(text).to.match(/still held for 9 minutes \(until \d{1,2}:\d\d/);
    expect(text).to.contain("Order total: €135.00");
    byRole(part, "button", "Try again").click();
    expect(sent).to.deep.equal([{ type: "retry-payment" }]);
    remove();
  });

  it("failed after the hold ran out says the seats were released and offers only choosing again", async () => {
    const { part, remove } = await renderPart("admit-order-status", {
      name: "failed",
      order: order("failed", [], -1000),
    });
    expect(part.shadowRoot!.textContent).to.contain("The seats were released");
    expect(allByRole(part, "button").map((b) => b.textContent?.trim())).to.deep.equal([
      "Choose tickets again",
    ]);
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

  it("failed with its receipt lists what was ordered and follows heldUntil; without heldUntil the seats are gone and only choosing again is offered", async () => {
    const failed = order("failed", [], 9.5 * 60_000);
    const receipt = {
      orderId: failed.id,
      lines: [
        {
          tierId: "s",
          tierName: "Standard",
          quantity: 2,
          unitPrice: { amount: 4500, currency: "EUR" },
          total: { amount: 9000, currency: "EUR" },
        },
      ],
      heldUntil: new Date(Date.now() + 4.5 * 60_000).toISOString(),
    } as unknown as OrderReceipt;
    const { part, setState, remove } = await renderPart("admit-order-status", {
      name: "failed",
      order: failed,
      receipt,
    });
    const text = () => part.shadowRoot!.textContent!.replace(/\s+/g, " ");
    expect(text()).to.contain("Your order").and.contain("2 × Standard €90.00");
    expect(text()).to.match(/still held for 4 minutes \(until/);
    await setState({ name: "failed", order: failed, receipt: { ...receipt, heldUntil: null } });
    expect(text()).to.contain("The seats were released").and.contain("2 × Standard");
    expect(allByRole(part, "button").map((b) => b.textContent?.trim())).to.deep.equal([
      "Choose tickets again",
    ]);
    remove();
  });

  it("failed renders again when the whole minutes left change, and offers nothing to pay once the seats are gone", async () => {
    const { part, remove } = await renderPart("admit-order-status", {
      name: "failed",
      order: order("failed", [], 60_000 + 400),
    });
    expect(part.shadowRoot!.textContent).to.match(/still held for 1 minute /);
    await until(
      () => part.shadowRoot!.textContent!.includes("The seats were released"),
      "released",
      3000,
    );
    expect(allByRole(part, "button", "Try again")).to.have.length(0);
    remove();
  });
});
