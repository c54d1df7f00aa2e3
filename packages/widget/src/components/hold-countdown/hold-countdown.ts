import { html, nothing, type TemplateResult } from "lit";
import { timeLeft } from "../../state/widget-machine.js";
import type { HeldSeats } from "../../state/widget-state.js";
import { baseStyles } from "../../styles/base.styles.js";
import { WidgetPart } from "../widget-part.js";
import { holdCountdownStyles } from "./hold-countdown.styles.js";

/**
 * What the live region should say with `ms` left: each whole minute, then once at 30 seconds.
 * Returns the same key for every second in between, so the buyer is not interrupted each second.
 */
export function countdownMilestone(ms: number): { unit: "minute" | "second"; value: number } {
  const seconds = Math.ceil(ms / 1000);
  if (seconds > 60) return { unit: "minute", value: Math.ceil(seconds / 60) };
  if (seconds > 30) return { unit: "minute", value: 1 };
  return { unit: "second", value: 30 };
}

/**
 * The time left on the hold, from the server's `expiresAt`, with the "Release" button.
 * Announces the time left through a polite live region each minute and at 30 seconds.
 *
 * @csspart countdown - The countdown box.
 * @csspart release-button - The "Release" button.
 *
 * @tagname admit-hold-countdown
 */
export class AdmitHoldCountdown extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, holdCountdownStyles];

  /** The clock of the last tick; each second re-renders the countdown. */
  private now = Date.now();
  private spoken = "";
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
    const { unit, value } = countdownMilestone(timeLeft(held, this.now));
    // The text changes only when a milestone is reached, so the region speaks once per milestone.
    this.spoken = this.l.m.timeLeft(this.l.duration(value, unit));
  }

  private held(): HeldSeats | undefined {
    const s = this.state;
    return s && (s.name === "held" || s.name === "checking-out") ? s.held : undefined;
  }

  override render(): TemplateResult | typeof nothing {
    const held = this.held();
    const { l } = this;
    if (!held || !l) return nothing;
    const clock = l.clock(timeLeft(held, this.now));
    const [before, after] = l.m.heldFor("\u0000").split("\u0000");
    return html`<div part="countdown" class="countdown">
      <span>${before}<time datetime=${held.hold.expiresAt}>${clock}</time>${after}</span>
      <button
        part="release-button"
        ?disabled=${this.state?.name !== "held"}
        @click=${() => this.send({ type: "release" })}
      >
        ${l.m.release}
      </button>
      <div role="status" class="sr-only">${this.spoken}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-hold-countdown": AdmitHoldCountdown;
  }
}
