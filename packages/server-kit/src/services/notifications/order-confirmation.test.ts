import type { OrderReceipt } from "@admit/client/contract";
import { describe, expect, test } from "vitest";
import { renderOrderConfirmation } from "./order-confirmation.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const LINKS = {
  pdf: "https://tickets.example/admit/orders/ord_1/tickets.pdf?token=abc&x=1",
  calendar: "https://tickets.example/admit/orders/ord_1/calendar.ics?token=abc",
  wallet: null,
};

const receipt: OrderReceipt = {
  orderId: "ord_5f0c3a9e1b2d4c6f8a0b1c2d",
  orderNumber: "K7QF-4M2P",
  status: "partially_refunded",
  event: {
    id: "gala",
    name: "Summer <gala> & friends",
    startsAt: "2030-06-06T17:30:00Z",
    endsAt: "2030-06-06T21:00:00Z",
    venue: "Konzerthaus, Berlin",
    timeZone: "Europe/Berlin",
  },
  buyer: { name: "Ada <b>Lovelace</b>", email: "ada@example.com" },
  lines: [
    { tierId: "ga", tierName: "Standing", quantity: 2, unitPrice: EUR(4500), total: EUR(9000) },
  ],
  total: EUR(9000),
  refunded: EUR(4500),
  tickets: [
    {
      id: "tkt_aaaaaaaa",
      code: "3F2A9C0177BE12345678",
      tierId: "ga",
      tierName: "Standing",
      attendee: { name: "Grace Hopper" },
      status: "valid",
      checkedInAt: null,
    },
    {
      id: "tkt_bbbbbbbb",
      code: "77BE12345678AAAABBBB",
      tierId: "ga",
      tierName: "Standing",
      attendee: { name: "Alan Turing" },
      status: "voided",
      checkedInAt: null,
    },
  ],
  confirmationSentTo: "ada@example.com",
  downloads: LINKS,
  heldUntil: null,
};

describe("the confirmation e-mail", () => {
  test("English: subject, the event in its own time zone, lines, totals, tickets, links", () => {
    const mail = renderOrderConfirmation(receipt, { locale: "en" });
    expect(mail.subject).toBe("Your tickets for Summer <gala> & friends (order K7QF-4M2P)");
    expect(mail.text).toContain("Hello Ada <b>Lovelace</b>,");
    // 17:30Z is 19:30 in Berlin in June; the end on the same day.
    expect(mail.text).toContain("When: Thursday, 6 June 2030, 19:30–23:00 CEST");
    expect(mail.text).toContain("Where: Konzerthaus, Berlin");
    expect(mail.text).toContain("Order: K7QF-4M2P");
    expect(mail.text).toContain("2 × Standing: €90.00");
    expect(mail.text).toContain("Total paid: €90.00");
    expect(mail.text).toContain("Refunded: €45.00");
    expect(mail.text).toContain(
      "- Standing, Attendee: Grace Hopper, Code: 3F2A 9C01 77BE 1234 5678",
    );
    expect(mail.text).toContain("Alan Turing, Code: 77BE 1234 5678 AAAA BBBB (VOID)");
    expect(mail.text).toContain(`Download tickets (PDF): ${LINKS.pdf}`);
    expect(mail.text).toContain(`Add to calendar: ${LINKS.calendar}`);
    expect(mail.text).not.toContain("Apple Wallet");
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain(`href="${LINKS.pdf.replace("&", "&amp;")}"`);
  });

  test("German: the same content in German, with German number and date formats", () => {
    const mail = renderOrderConfirmation(receipt, { locale: "de" });
    expect(mail.subject).toBe("Ihre Tickets für Summer <gala> & friends (Bestellung K7QF-4M2P)");
    expect(mail.text).toContain("Guten Tag Ada <b>Lovelace</b>,");
    expect(mail.text).toContain("Wann: Donnerstag, 6. Juni 2030, 19:30–23:00 MESZ");
    expect(mail.text).toContain("Wo: Konzerthaus, Berlin");
    expect(mail.text).toContain("2 × Standing: 90,00\u00a0€");
    expect(mail.text).toContain("Bezahlt: 90,00\u00a0€");
    expect(mail.text).toContain("Erstattet: 45,00\u00a0€");
    expect(mail.text).toContain("(UNGÜLTIG)");
    expect(mail.text).toContain(`Tickets herunterladen (PDF): ${LINKS.pdf}`);
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain("Zum Kalender hinzufügen");
  });

  test("every value from the order is HTML-escaped", () => {
    const { html } = renderOrderConfirmation(receipt);
    expect(html).not.toContain("<gala>");
    expect(html).not.toContain("<b>Lovelace");
    expect(html).toContain("Summer &lt;gala&gt; &amp; friends");
    expect(html).toContain("Ada &lt;b&gt;Lovelace&lt;/b&gt;");
  });

  test("links given override the receipt's; a wallet link and an order page appear when given", () => {
    const mail = renderOrderConfirmation(receipt, {
      links: { wallet: "https://w.example/p", order: "https://shop.example/thanks?order=1" },
    });
    expect(mail.text).toContain("Add to Apple Wallet: https://w.example/p");
    expect(mail.text).toContain("View your order: https://shop.example/thanks?order=1");
    expect(mail.text).toContain(`Download tickets (PDF): ${LINKS.pdf}`);
    const none = renderOrderConfirmation({ ...receipt, downloads: null });
    expect(none.text).not.toContain("Download tickets");
  });
});
