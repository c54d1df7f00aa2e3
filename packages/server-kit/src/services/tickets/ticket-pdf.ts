import type { OrderReceipt, Ticket } from "@admit/client/contract";
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import QRCode from "qrcode";
import { type DocumentLocale, formatEventTime, groupCode } from "../orders/receipt-format.js";

const A6: [number, number] = [297.64, 419.53];
const MARGIN = 24;
const QR_SIZE = 170;

const LABELS = {
  en: { attendee: "Attendee", tier: "Ticket", order: "Order", venue: "Venue", when: "When" },
  de: { attendee: "Teilnehmer", tier: "Ticket", order: "Bestellung", venue: "Ort", when: "Wann" },
} satisfies Record<DocumentLocale, unknown>;

/** The QR code of a ticket code as a PNG (error correction M, the scanner's quiet zone kept). */
export function ticketQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 8 });
}

/**
 * Text the standard PDF fonts can draw (WinAnsi: Latin-1 and a few more): characters outside
 * it lose their accents (`Łódź` → `Lodz` where the base letter exists) or become `?`. The
 * e-mail and the receipt show names exactly; the PDF keeps to the standard fonts so the kit
 * ships no font files.
 */
export function pdfText(font: PDFFont, value: string): string {
  const chars = font.getCharacterSet();
  const drawable = new Set(chars);
  return [...value.normalize("NFC")]
    .map((char) => {
      if (drawable.has(char.codePointAt(0)!)) return char;
      const base = char.normalize("NFD").replace(/\p{M}/gu, "");
      if (base && [...base].every((c) => drawable.has(c.codePointAt(0)!))) return base;
      return char === "Ł" ? "L" : char === "ł" ? "l" : "?";
    })
    .join("");
}

/** Split `text` into lines no wider than `width` at `size` (at word boundaries, else hard). */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width) line = next;
    else {
      if (line) lines.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The order's tickets as a PDF: one A6 page per valid ticket with its QR code (the code,
 * error correction M), the code in groups of four, the event, its date and time in the event's
 * time zone, the venue, the tier, the attendee and the order number. Voided tickets get no
 * page (a printed voided ticket would only be turned away at the door).
 */
export async function renderTicketsPdf(
  receipt: OrderReceipt,
  options: { locale?: DocumentLocale } = {},
): Promise<Uint8Array> {
  const locale = options.locale ?? "en";
  const labels = LABELS[locale];
  const tickets = receipt.tickets.filter((ticket) => ticket.status === "valid");
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${receipt.event.name} (${receipt.orderNumber})`);
  pdf.setCreator("Admit");
  pdf.setProducer("Admit (@admit/server-kit, pdf-lib)");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const when = formatEventTime(receipt.event, locale);
  for (const [index, ticket] of tickets.entries())
    await drawTicket(pdf, { regular, bold, mono }, receipt, ticket, {
      when,
      labels,
      position: `${index + 1}/${tickets.length}`,
    });
  return pdf.save();
}

async function drawTicket(
  pdf: PDFDocument,
  fonts: { regular: PDFFont; bold: PDFFont; mono: PDFFont },
  receipt: OrderReceipt,
  ticket: Ticket,
  page: { when: string; labels: (typeof LABELS)[DocumentLocale]; position: string },
): Promise<void> {
  const sheet = pdf.addPage(A6);
  const [width, height] = A6;
  const inner = width - 2 * MARGIN;
  const ink = rgb(0.09, 0.09, 0.11);
  const muted = rgb(0.44, 0.44, 0.48);
  let y = height - MARGIN;
  const text = (value: string, font: PDFFont, size: number, color = ink) => {
    for (const line of wrap(font, pdfText(font, value), size, inner)) {
      y -= size * 1.2;
      sheet.drawText(line, { x: MARGIN, y, size, font, color });
    }
  };
  text(receipt.event.name, fonts.bold, 16);
  y -= 4;
  text(page.when, fonts.regular, 10);
  if (receipt.event.venue) text(receipt.event.venue, fonts.regular, 10);

  const qr = await pdf.embedPng(await ticketQrPng(ticket.code));
  y -= 8 + QR_SIZE;
  sheet.drawImage(qr, { x: (width - QR_SIZE) / 2, y, width: QR_SIZE, height: QR_SIZE });
  const code = pdfText(fonts.mono, groupCode(ticket.code));
  const codeWidth = fonts.mono.widthOfTextAtSize(code, 11);
  y -= 14;
  sheet.drawText(code, { x: (width - codeWidth) / 2, y, size: 11, font: fonts.mono, color: ink });
  y -= 8;
  const field = (label: string, value: string) => {
    text(label, fonts.regular, 8, muted);
    text(value, fonts.bold, 11);
    y -= 2;
  };
  field(page.labels.tier, ticket.tierName);
  field(page.labels.attendee, ticket.attendee.name);
  field(page.labels.order, `${receipt.orderNumber}  ·  ${page.position}`);
}
