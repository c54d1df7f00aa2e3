import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";
import type { OrderOutcomeState, WidgetState } from "../../state/widget-state.js";
import { baseStyles } from "../../styles/base.styles.js";
import { RECEIPT_PARTS } from "../order-receipt/order-receipt.js";
import { receiptLines, receiptLinesStyles } from "../order-receipt/receipt-lines.js";
import { WidgetPart } from "../widget-part.js";
import { orderStatusStyles } from "./order-status.styles.js";

/**
 * The order after checkout: leaving for payment, confirming (with a progress bar while the
 * server is polled), and the final outcomes with their way forward. Paid shows the receipt
 * (`<admit-order-receipt>`). A failed payment (cancelled at the payment page or not accepted:
 * the server cannot tell them apart, so neither is blamed) says what was ordered, whether the
 * seats are still held and until when (updated each minute, in the buyer's time), and the
 * order's total, with Try again while they are held.
 *
 * Arriving already at `confirming` or an outcome means the buyer came back from the payment
 * page (or reloaded): the status is scrolled into view and its message takes the focus, so the
 * result is the first thing seen and read, wherever the widget sits on the page.
 *
 * @csspart message - The status message.
 * @csspart progress - The progress bar while confirming.
 * @csspart receipt - The receipt once paid (`<admit-order-receipt>`, whose parts are forwarded too).
 * @csspart lines - After a failed payment: what was ordered, one line per tier.
 * @csspart payment-link - The link to the payment page (redirecting, popup open).
 * @csspart retry-button - "Try again" after a failed payment (while the seats are held).
 * @csspart hold-status - After a failed payment: whether the seats are still held, until when.
 * @csspart start-over-button - "Choose tickets again".
 *
 * @tagname admit-order-status
 */
export class AdmitOrderStatus extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, receiptLinesStyles, orderStatusStyles];

  /** Re-renders the failed screen when its "held for N minutes" changes. */
  private tick?: ReturnType<typeof setTimeout>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute(
      "exportparts",
      `${this.getAttribute("exportparts")},receipt,hold-status,${RECEIPT_PARTS}`,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.tick);
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    const s = this.state;
    // Came back: this element's first screen is the result, not a step the buyer just took (a
    // payment page opened from this page, in a popup or by the host, sets `popup`).
    const back =
      s &&
      (s.name === "confirming"
        ? s.popup === undefined
        : "order" in s && s.name !== "redirecting" && s.name !== "checking-out");
    if (!back) return;
    this.scrollIntoView({ block: "center" });
    this.renderRoot.querySelector<HTMLElement>("[data-focus]")?.focus({ preventScroll: true });
  }

  /**
   * Whether the failed order's seats are still held, for how long and until when: the
   * receipt's `heldUntil` once read (null: released), until then the order's expiry. Renders
   * again when the whole minutes left change, and when the seats go.
   */
  private stillHeld(s: OrderOutcomeState, l: Localizer) {
    clearTimeout(this.tick);
    const at = s.receipt ? s.receipt.heldUntil : s.order.expiresAt;
    const left = at ? Date.parse(at) - Date.now() : 0;
    const minutes = Math.floor(left / 60_000);
    if (minutes < 1) return { held: false, text: l.m.released };
    this.tick = setTimeout(() => this.requestUpdate(), (left % 60_000) + 50);
    const clock = new Intl.DateTimeFormat(l.tag, { timeStyle: "short" }).format(Date.parse(at!));
    return { held: true, text: l.m.heldUntil(l.duration(minutes, "minute"), clock) };
  }

  override render(): TemplateResult | typeof nothing {
    const { state: s, l } = this;
    if (!s || !l) return nothing;
    const screen = this.screen(s, l);
    if (!screen) return nothing;
    // One message element for every status, so the focus it has (after the return, or moved
    // there by the widget) stays on it when confirming turns into the outcome.
    return html`<p part="message" tabindex="-1" data-focus>${screen.message}</p>${screen.rest}`;
  }

  /** What a status shows: its message and what follows it. */
  private screen(s: WidgetState, l: Localizer) {
    const { m } = l;
    const startOver = html`<button
      part="start-over-button"
      @click=${() => this.send({ type: "start-over" })}
    >
      ${m.startOver}
    </button>`;
    const progress = html`<progress part="progress" aria-label=${m.progress}></progress>`;
    const only = (message: string) => ({
      message,
      rest: html`<div class="actions">${startOver}</div>`,
    });
    switch (s.name) {
      case "checking-out":
        return { message: m.paying, rest: progress };
      case "redirecting":
        return {
          message: m.redirecting,
          rest: html`${progress}
            <a part="payment-link" href=${s.paymentUrl}>${m.continueToPayment}</a>`,
        };
      case "confirming":
        // The link also serves a buyer who came back (Back button, reload) without paying.
        return {
          message: s.popup ? m.popup : m.confirming,
          rest: html`${progress}
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
            }`,
        };
      case "paid":
        return {
          message: m.paid,
          rest: html`<admit-order-receipt part="receipt"></admit-order-receipt>
            <div class="actions">${startOver}</div>`,
        };
      case "failed": {
        const { held, text } = this.stillHeld(s, l);
        return {
          message: s.problem ? l.problem(s.problem) : m.notCompleted,
          rest: html`${
            s.receipt?.lines.length
              ? html`<h2>${m.yourOrder}</h2>
                  ${receiptLines(s.receipt, l)}`
              : nothing
          }
            <p part="hold-status" class="held">${text}</p>
            <p class="muted">${m.orderTotal(l.money(s.order.total))}</p>
            <div class="actions">
              ${
                held
                  ? html`<button
                    part="retry-button"
                    class="primary"
                    @click=${() => this.send({ type: "retry-payment" })}
                  >
                    ${m.retry}
                  </button>`
                  : nothing
              }
              ${startOver}
            </div>`,
        };
      }
      case "expired":
        return only(m.expired);
      case "cancelled":
        return only(m.cancelled);
      case "manual-review":
        return only(m.manualReview);
      default:
        return undefined;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-order-status": AdmitOrderStatus;
  }
}
