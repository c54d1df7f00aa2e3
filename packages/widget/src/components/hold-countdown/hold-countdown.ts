import { html, nothing, type TemplateResult } from "lit";
import { timeLeft } from "../../state/widget-machine.js";
import type { HeldSeats } from "../../state/widget-state.js";
import { baseStyles } from "../../styles/base.styles.js";
import { priceSummary } from "../price-summary/price-summary.js";
import { WidgetPart } from "../widget-part.js";
import { holdCountdownStyles } from "./hold-countdown.styles.js";

/** The last stretch of a hold, in milliseconds: the countdown turns urgent. */
export const URGENT_MS = 60_000;

/**
 * What the live region should say with `ms` left: the whole minutes left, never rounded up
 * (1:04 is "1 minute"), then "less than a minute" and "less than 30 seconds". Returns the same
 * value for every second in between, so the buyer is not interrupted each second.
 */
export function countdownMilestone(ms: number): {
  unit: "minute" | "second";
  value: number;
  lessThan: boolean;
} {
  const seconds = Math.ceil(ms / 1000);
  if (seconds > 60) return { unit: "minute", value: Math.floor(seconds / 60), lessThan: false };
  if (seconds > 30) return { unit: "minute", value: 1, lessThan: true };
  return { unit: "second", value: 30, lessThan: true };
}

/**
 * What is held (tiers and quantities, the discount, VAT and fees, and the total the server
 * computed: see `priceSummary`), the time left on the
 * hold from the server's `expiresAt`, and "Release", which asks before giving the seats up.
 * Announces the time left through a polite live region each minute, then at less than a minute
 * and less than 30 seconds; in the last minute the countdown also turns urgent.
 *
 * @csspart summary - The list of held tickets and the total.
 * @csspart discount - The promo code's discount row.
 * @csspart tax - The VAT row (added on top), or the VAT the total includes.
 * @csspart fees - The fees row.
 * @csspart total - The total row.
 * @csspart countdown - The countdown box (`urgent` class in the last minute).
 * @csspart release-button - The "Release" button, and the one confirming it.
 *
 * @tagname admit-hold-countdown
 */
export class AdmitHoldCountdown extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, holdCountdownStyles];

  /** The clock of the last tick; each second re-renders the countdown. */
  private now = Date.now();
  private spoken = "";
  private asking = false;
  private ticker?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => {
      this.now = Date.now();
      this.requestUpdate();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  override willUpdate(): void {
    const held = this.held();
    if (!held || !this.l) return;
    const { m } = this.l;
    const { unit, value, lessThan } = countdownMilestone(timeLeft(held, this.now));
    const time = this.l.duration(value, unit);
    // The text changes only when a milestone is reached, so the region speaks once per milestone.
    this.spoken = lessThan ? m.lessThan(time) : m.timeLeft(time);
  }

  private held(): HeldSeats | undefined {
    const s = this.state;
    return s && (s.name === "held" || s.name === "checking-out") ? s.held : undefined;
  }

  private ask(asking: boolean): void {
    this.asking = asking;
    this.requestUpdate();
    // The question's safe answer, or Release again, takes the focus of the vanished button.
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLElement>(asking ? ".keep" : "[part=release-button]")
        ?.focus(),
    );
  }

  override render(): TemplateResult | typeof nothing {
    const held = this.held();
    const { l, state } = this;
    if (!held || !l || !state) return nothing;
    const { m } = l;
    const { hold } = held;
    const tiers = "event" in state ? (state.event?.tiers ?? []) : [];
    const left = timeLeft(held, this.now);
    const urgent = left <= URGENT_MS;
    const [before, after] = m.heldFor("\u0000").split("\u0000");
    const busy = state.name !== "held";
    const release = this.asking
      ? html`<div class="ask" role="group" aria-labelledby="ask">
          <p id="ask">${m.releaseAsk}</p>
          <button class="keep primary" ?disabled=${busy} @click=${() => this.ask(false)}>
            ${m.keep}
          </button>
          <button part="release-button" ?disabled=${busy} @click=${() => this.send({ type: "release" })}>
            ${m.release}
          </button>
        </div>`
      : html`<button
          part="release-button"
          class="link"
          ?disabled=${busy}
          @click=${() => this.ask(true)}
        >
          ${m.release}
        </button>`;
    return html`<div part="summary" class="summary" role="group" aria-labelledby="reserved">
        <h3 id="reserved">${m.reserved}</h3>
        ${priceSummary(hold, tiers, l)}
      </div>
      <div part="countdown" class="countdown ${urgent ? "urgent" : ""}">
        <span>${before}<time datetime=${hold.expiresAt}>${l.clock(left)}</time>${after}</span>
        ${release}
      </div>
      <div role="status" class="sr-only">${this.spoken}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-hold-countdown": AdmitHoldCountdown;
  }
}
