import type { OrderReceipt, Ticket } from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";
import { baseStyles } from "../../styles/base.styles.js";
import { WidgetPart } from "../widget-part.js";
import { orderReceiptStyles } from "./order-receipt.styles.js";
import { codeGroups, receiptLines, receiptLinesStyles } from "./receipt-lines.js";

/** The parts of the receipt, forwarded to the page like the other inner parts. */
export const RECEIPT_PARTS =
  "receipt-event,order-number,lines,confirmation,tickets,ticket,qr,ticket-code,downloads,download-link";

/**
 * The receipt of a paid (or partially refunded) order: the event (name, date and time in the
 * event's zone, venue), the order number, what was bought, the total paid and refunded, where
 * the confirmation went, each ticket with its QR code and its code in groups of four, and the
 * links to the tickets' PDF, the calendar file and (when the host configured it) an Apple
 * Wallet pass. Voided tickets are listed as void, without a QR code.
 *
 * Until the receipt has been read (or when it cannot be), the order's own tickets are shown,
 * with their QR codes.
 *
 * @csspart receipt-event - The event's name (a heading).
 * @csspart order-number - The order number, total paid and refunded (a description list).
 * @csspart lines - What was bought, one line per tier.
 * @csspart confirmation - "A confirmation was sent to …".
 * @csspart tickets - The list of tickets.
 * @csspart ticket - One ticket (void ones also have the class `void`).
 * @csspart qr - A ticket's QR code (an image named after the code).
 * @csspart ticket-code - A ticket's code, in groups of four.
 * @csspart downloads - The download links.
 * @csspart download-link - Each download link (PDF, calendar, Apple Wallet).
 *
 * @tagname admit-order-receipt
 */
export class AdmitOrderReceipt extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, receiptLinesStyles, orderReceiptStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute("exportparts", `${this.getAttribute("exportparts")},${RECEIPT_PARTS}`);
  }

  override render(): TemplateResult | typeof nothing {
    const { state: s, l } = this;
    if (s?.name !== "paid" || !l) return nothing;
    const { m } = l;
    const r = s.receipt;
    const tickets = r?.tickets.length ? r.tickets : s.order.tickets;
    return html`${r ? this.summary(r, l) : nothing}
      ${
        // Without the summary this is the screen's first heading.
        r ? html`<h3>${m.yourTickets}</h3>` : html`<h2 class="sub">${m.yourTickets}</h2>`
      }
      <ul part="tickets">
        ${tickets.map((t) => this.ticket(t, l))}
      </ul>
      ${
        r?.downloads
          ? html`<ul part="downloads" class="downloads">
              <li><a part="download-link" href=${r.downloads.pdf} download>${m.downloadPdf}</a></li>
              <li>
                <a part="download-link" href=${r.downloads.calendar} download>${m.addToCalendar}</a>
              </li>
              ${
                r.downloads.wallet
                  ? html`<li><a part="download-link" href=${r.downloads.wallet}>${m.addToWallet}</a></li>`
                  : nothing
              }
            </ul>`
          : nothing
      }`;
  }

  /** The event, the order number and totals, and what was bought. */
  private summary(r: OrderReceipt, l: Localizer): TemplateResult {
    const { m } = l;
    const { event } = r;
    return html`<h2 part="receipt-event">${event.name}</h2>
      <p class="muted">${l.dateTime(event.startsAt, event.timeZone)}</p>
      ${event.venue ? html`<p class="muted">${event.venue}</p>` : nothing}
      <dl part="order-number">
        <dt>${m.orderNumber}</dt>
        <dd>${r.orderNumber}</dd>
        <dt>${m.totalPaid}</dt>
        <dd>${l.money(r.total)}</dd>
        ${
          r.refunded.amount > 0
            ? html`<dt>${m.refunded}</dt>
                <dd>${l.money(r.refunded)}</dd>`
            : nothing
        }
      </dl>
      ${
        r.confirmationSentTo
          ? html`<p part="confirmation">${m.confirmationSent(r.confirmationSentTo)}</p>`
          : nothing
      }
      <h3>${m.yourOrder}</h3>
      ${receiptLines(r, l)}`;
  }

  private ticket(t: Ticket, l: Localizer): TemplateResult {
    const { m } = l;
    const groups = codeGroups(t.code);
    const voided = t.status === "voided";
    return html`<li part="ticket" class=${voided ? "ticket void" : "ticket"}>
      ${
        voided
          ? nothing
          : html`<admit-ticket-qr
              part="qr"
              .code=${t.code}
              .label=${m.ticketQr(groups.join(" "))}
            ></admit-ticket-qr>`
      }
      <div class="ticket-text">
        <strong>${t.tierName}</strong><br />
        ${t.attendee.name}<br />
        <span class="muted">${m.ticketCode}:</span>
        <code part="ticket-code">${groups.map((g) => html`<span>${g}</span>`)}</code>
        ${voided ? html`<p class="void-note">${m.ticketVoid}</p>` : nothing}
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-order-receipt": AdmitOrderReceipt;
  }
}
