import { html, nothing, type TemplateResult } from "lit";
import { baseStyles } from "../../styles/base.styles.js";
import { WidgetPart } from "../widget-part.js";
import { orderStatusStyles } from "./order-status.styles.js";

/**
 * The order after checkout: leaving for payment, confirming (with a progress bar while the
 * server is polled), and the final outcomes with their way forward.
 *
 * @csspart message - The status message.
 * @csspart progress - The progress bar while confirming.
 * @csspart tickets - The list of ticket codes once paid.
 * @csspart payment-link - The link to the payment page (redirecting, popup open).
 * @csspart retry-button - "Try again" after a failed payment.
 * @csspart start-over-button - "Choose tickets again".
 *
 * @tagname admit-order-status
 */
export class AdmitOrderStatus extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, orderStatusStyles];

  override render(): TemplateResult | typeof nothing {
    const { state: s, l } = this;
    if (!s || !l) return nothing;
    const { m } = l;
    const startOver = html`<button
      part="start-over-button"
      @click=${() => this.send({ type: "start-over" })}
    >
      ${m.startOver}
    </button>`;
    // The screen's focus target when the buyer's action led here (see ScreenFocus).
    const message = (text: string) => html`<p part="message" tabindex="-1" data-focus>${text}</p>`;
    const progress = html`<progress part="progress" aria-label=${m.progress}></progress>`;
    switch (s.name) {
      case "checking-out":
        return html`${message(m.paying)}${progress}`;
      case "redirecting":
        return html`${message(m.redirecting)}${progress}
          <a part="payment-link" href=${s.paymentUrl}>${m.continueToPayment}</a>`;
      case "confirming":
        // The link also serves a buyer who came back (Back button, reload) without paying.
        return html`${message(s.popup ? m.popup : m.confirming)}${progress}
          ${
            s.paymentUrl
              ? html`<a
                  part="payment-link"
                  href=${s.paymentUrl}
                  target=${s.popup ? "_blank" : "_self"}
                  rel="noopener"
                  >${m.continueToPayment}</a
                >`
              : nothing
          }`;
      case "paid":
        return html`${message(m.paid)}
          <ul part="tickets">
            ${s.order.tickets.map(
              (t) =>
                html`<li>
                  ${t.tierName}, ${t.attendee.name}<br />
                  <span class="muted">${m.ticketCode}:</span> <code>${t.code}</code>
                </li>`,
            )}
          </ul>
          <div class="actions">${startOver}</div>`;
      case "failed":
        return html`${message(s.problem ? l.problem(s.problem) : m.failed)}
          <div class="actions">
            <button
              part="retry-button"
              class="primary"
              @click=${() => this.send({ type: "retry-payment" })}
            >
              ${m.retry}
            </button>
            ${startOver}
          </div>`;
      case "expired":
        return html`${message(m.expired)}<div class="actions">${startOver}</div>`;
      case "cancelled":
        return html`${message(m.cancelled)}<div class="actions">${startOver}</div>`;
      case "manual-review":
        return html`${message(m.manualReview)}<div class="actions">${startOver}</div>`;
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-order-status": AdmitOrderStatus;
  }
}
