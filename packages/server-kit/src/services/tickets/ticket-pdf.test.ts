import type { OrderReceipt } from "@admit/client/contract";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, test } from "vitest";
import { qrCodesPerPage } from "../../testing/pdf-images.js";
import { pdfText, renderTicketsPdf } from "./ticket-pdf.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const ticket = (code: string, name: string, status: "valid" | "voided" = "valid") => ({
  id: `tkt_${code.slice(0, 8).toLowerCase()}`,
  code,
  tierId: "ga",
  tierName: "Standing",
  attendee: { name },
  status,
  checkedInAt: null,
});

const receipt: OrderReceipt = {
  orderId: "ord_5f0c3a9e1b2d4c6f8a0b1c2d",
  orderNumber: "K7QF-4M2P",
  status: "paid",
  event: {
    id: "gala",
    name: "A very long event name that does not fit on one line of an A6 ticket at all, not even on two",
    startsAt: "2030-06-06T17:30:00Z",
    timeZone: "Europe/Berlin",
  },
  buyer: { name: "Ada", email: "ada@example.com" },
  lines: [{ tierId: "ga", tierName: "Standing", quantity: 3, unitPrice: EUR(10), total: EUR(30) }],
  total: EUR(30),
  refunded: EUR(0),
  tickets: [
    ticket("3F2A9C0177BE12345678", "李小龍 🎟️"),
    ticket("77BE12345678AAAABBBB", "Łukasz Żółć", "voided"),
    ticket("AAAABBBBCCCCDDDDEEEE", "Zoë Ørsted"),
  ],
  confirmationSentTo: null,
  downloads: null,
  heldUntil: null,
};

describe("the tickets PDF", () => {
  test("names outside the standard fonts do not break it: one page per valid ticket, QR codes intact", async () => {
    const bytes = await renderTicketsPdf(receipt, { locale: "de" });
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
    expect(await qrCodesPerPage(bytes)).toEqual([
      ["3F2A9C0177BE12345678"],
      ["AAAABBBBCCCCDDDDEEEE"],
    ]);
  });

  test("text the standard fonts cannot draw loses its accents, or becomes ?", async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    expect(pdfText(font, "Zoë Ørsted")).toBe("Zoë Ørsted");
    expect(pdfText(font, "Łukasz Żółć")).toBe("Lukasz Zólc");
    expect(pdfText(font, "李 🎟")).toBe("? ?");
    // The control: pdf-lib itself refuses what pdfText mends.
    expect(() => font.encodeText("Łukasz")).toThrow();
  });
});
