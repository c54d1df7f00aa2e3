import type { OrderReceipt } from "@admit/client/contract";
import { escapeHtml } from "../../providers/sandbox/hosted-payment-page.js";
import {
  type DocumentLocale,
  formatEventTime,
  formatMoney,
  groupCode,
} from "../orders/receipt-format.js";

/** Where the e-mail's buttons lead: by default the receipt's own download links. */
export interface ConfirmationLinks {
  /** The tickets as a PDF. */
  pdf?: string | null;
  /** The event for the buyer's calendar (.ics). */
  calendar?: string | null;
  /** The Apple Wallet pass(es). */
  wallet?: string | null;
  /** A page of the host's where the buyer sees the order (e.g. the widget's receipt). */
  order?: string | null;
}

/** Options of {@link renderOrderConfirmation}. */
export interface OrderConfirmationOptions {
  /** @default "en" */
  locale?: DocumentLocale;
  /** @default the receipt's `downloads` */
  links?: ConfirmationLinks;
}

/** A confirmation e-mail: subject, HTML and plain-text bodies. */
export interface RenderedConfirmation {
  subject: string;
  html: string;
  text: string;
}

const STRINGS = {
  en: {
    subject: (event: string, number: string) => `Your tickets for ${event} (order ${number})`,
    greeting: (name: string) => `Hello ${name},`,
    intro: "thank you for your order. Your tickets are below and behind the links.",
    order: "Order",
    when: "When",
    where: "Where",
    total: "Total paid",
    refunded: "Refunded",
    tickets: "Tickets",
    attendee: "Attendee",
    code: "Code",
    voided: "VOID",
    pdf: "Download tickets (PDF)",
    calendar: "Add to calendar",
    wallet: "Add to Apple Wallet",
    view: "View your order",
    footer:
      "Show the QR code of each ticket at the entrance. Keep this e-mail: its links open your tickets.",
  },
  de: {
    subject: (event: string, number: string) => `Ihre Tickets für ${event} (Bestellung ${number})`,
    greeting: (name: string) => `Guten Tag ${name},`,
    intro: "vielen Dank für Ihre Bestellung. Ihre Tickets finden Sie unten und über die Links.",
    order: "Bestellung",
    when: "Wann",
    where: "Wo",
    total: "Bezahlt",
    refunded: "Erstattet",
    tickets: "Tickets",
    attendee: "Teilnehmer",
    code: "Code",
    voided: "UNGÜLTIG",
    pdf: "Tickets herunterladen (PDF)",
    calendar: "Zum Kalender hinzufügen",
    wallet: "Zu Apple Wallet hinzufügen",
    view: "Bestellung ansehen",
    footer:
      "Zeigen Sie am Einlass den QR-Code jedes Tickets. Bewahren Sie diese E-Mail auf: Die Links darin öffnen Ihre Tickets.",
  },
} satisfies Record<DocumentLocale, unknown>;

/**
 * The buyer's confirmation e-mail for a receipt (`GET /orders/:orderId/receipt`, or the
 * `confirmation` that `onOrderEvent` hears): the event with its date and time in the event's
 * time zone, the order number, what was bought, the total, each ticket's attendee and code, and
 * the download links. English or German; every value from the order is HTML-escaped.
 *
 * @example
 * const mail = renderOrderConfirmation(receipt, { locale: "de" });
 * await transport.sendMail({ to: receipt.buyer.email, ...mail });
 */
export function renderOrderConfirmation(
  receipt: OrderReceipt,
  options: OrderConfirmationOptions = {},
): RenderedConfirmation {
  const locale = options.locale ?? "en";
  const t = STRINGS[locale];
  const links: ConfirmationLinks = { ...receipt.downloads, ...options.links };
  const when = formatEventTime(receipt.event, locale);
  const facts: [string, string][] = [
    [t.order, receipt.orderNumber],
    [t.when, when],
    ...(receipt.event.venue ? [[t.where, receipt.event.venue] as [string, string]] : []),
  ];
  const lines = receipt.lines.map(
    (line) => `${line.quantity} × ${line.tierName}: ${formatMoney(line.total, locale)}`,
  );
  const totals: [string, string][] = [
    [t.total, formatMoney(receipt.total, locale)],
    ...(receipt.refunded.amount > 0
      ? [[t.refunded, formatMoney(receipt.refunded, locale)] as [string, string]]
      : []),
  ];
  const tickets = receipt.tickets.map((ticket) => ({
    tier: ticket.tierName,
    attendee: ticket.attendee.name,
    code: groupCode(ticket.code),
    voided: ticket.status === "voided",
  }));
  const buttons = (
    [
      [links.pdf, t.pdf],
      [links.calendar, t.calendar],
      [links.wallet, t.wallet],
      [links.order, t.view],
    ] as const
  ).filter((entry): entry is readonly [string, string] => Boolean(entry[0]));

  const text = [
    t.greeting(receipt.buyer.name),
    "",
    t.intro,
    "",
    receipt.event.name,
    ...facts.map(([label, value]) => `${label}: ${value}`),
    "",
    ...lines,
    ...totals.map(([label, value]) => `${label}: ${value}`),
    "",
    `${t.tickets}:`,
    ...tickets.map(
      (k) =>
        `- ${k.tier}, ${t.attendee}: ${k.attendee}, ${t.code}: ${k.code}${k.voided ? ` (${t.voided})` : ""}`,
    ),
    "",
    ...buttons.map(([href, label]) => `${label}: ${href}`),
    "",
    t.footer,
  ].join("\n");

  const e = escapeHtml;
  const cell = "padding:4px 12px 4px 0;vertical-align:top";
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(t.subject(receipt.event.name, receipt.orderNumber))}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#18181b">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
<p>${e(t.greeting(receipt.buyer.name))}</p>
<p>${e(t.intro)}</p>
<h1 style="font-size:22px;margin:16px 0 8px">${e(receipt.event.name)}</h1>
<table role="presentation" style="border-collapse:collapse">${facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="${cell};text-align:left">${e(label)}</th><td style="${cell}">${e(value)}</td></tr>`,
    )
    .join("")}</table>
<ul>${lines.map((line) => `<li>${e(line)}</li>`).join("")}</ul>
<p>${totals.map(([label, value]) => `<strong>${e(label)}:</strong> ${e(value)}`).join("<br>")}</p>
<h2 style="font-size:18px;margin:16px 0 8px">${e(t.tickets)}</h2>
<table style="border-collapse:collapse"><thead><tr><th scope="col" style="${cell};text-align:left">${e(t.tickets)}</th><th scope="col" style="${cell};text-align:left">${e(t.attendee)}</th><th scope="col" style="${cell};text-align:left">${e(t.code)}</th></tr></thead><tbody>${tickets
    .map(
      (k) =>
        `<tr${k.voided ? ' style="color:#71717a;text-decoration:line-through"' : ""}><td style="${cell}">${e(k.tier)}${k.voided ? ` (${e(t.voided)})` : ""}</td><td style="${cell}">${e(k.attendee)}</td><td style="${cell};font-family:ui-monospace,monospace">${e(k.code)}</td></tr>`,
    )
    .join("")}</tbody></table>
<p>${buttons
    .map(
      ([href, label]) =>
        `<a href="${e(href)}" style="display:inline-block;margin:8px 8px 0 0;padding:10px 16px;background:#18181b;color:#fff;border-radius:6px;text-decoration:none">${e(label)}</a>`,
    )
    .join("")}</p>
<p style="color:#52525b;font-size:14px">${e(t.footer)}</p>
</div></body></html>
`;
  return { subject: t.subject(receipt.event.name, receipt.orderNumber), html, text };
}
