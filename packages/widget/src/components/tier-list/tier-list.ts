import { html, nothing, type TemplateResult } from "lit";
import { countSeats } from "../../state/widget-machine.js";
import type { WidgetIntent } from "../../state/widget-state.js";
import { baseStyles } from "../../styles/base.styles.js";
import { tierRowStyles } from "../tier-row/tier-row.styles.js";
import { tierRow } from "../tier-row/tier-row-template.js";
import { problemMessage, WidgetPart } from "../widget-part.js";
import { tierListStyles } from "./tier-list.styles.js";

/**
 * The tiers of the event with the running total and the "Reserve" button (`ready`, `holding`;
 * "Reserve again" in `hold-expired`). Each tier is a row of this element's shadow root, with
 * the markup, parts and styles of `<admit-tier-row>` (`tierRow`): one element, one context
 * subscription and one style scope for the whole list rather than one per tier.
 *
 * @csspart tier - A tier's row.
 * @csspart price - A tier's formatted price.
 * @csspart availability - "Only 3 left", "Sold out", …
 * @csspart quantity - A tier's quantity input (a spinbutton).
 * @csspart decrease-button - "−": one ticket fewer.
 * @csspart increase-button - "+": one ticket more.
 * @csspart waitlist-button - "Join the waitlist" on a sold-out tier.
 * @csspart total - The estimated total of the chosen tickets (the server computes the real one).
 * @csspart problem - Why the last reservation failed and what to do.
 * @csspart reserve-button - The "Reserve" button.
 *
 * @tagname admit-tier-list
 */
export class AdmitTierList extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, tierRowStyles, tierListStyles];

  static override properties = { showRemaining: { type: Boolean } };
  /** Show the number of seats left even when plenty remain. */
  declare showRemaining: boolean;

  /** Counts typed while outside a tier's range, by tier id (see `TierRowHost.typed`). */
  private readonly typed = new Map<string, number>();
  private readonly intent = (intent: WidgetIntent) => this.send(intent);
  private readonly rerender = () => this.requestUpdate();

  override render(): TemplateResult | typeof nothing {
    const { state, l } = this;
    if (!l || !state || !("quantities" in state)) return nothing;
    const { m } = l;
    const { event, quantities } = state;
    const seats = countSeats(quantities);
    const total = event.tiers.reduce((sum, t) => sum + t.price.amount * (quantities[t.id] ?? 0), 0);
    const problem = state.name === "ready" ? state.problem : undefined;
    const holding = state.name === "holding";
    const row = {
      l,
      state,
      showRemaining: this.showRemaining,
      typed: this.typed,
      send: this.intent,
      requestUpdate: this.rerender,
    };
    return html`${event.tiers.map((tier) => tierRow(tier, row))}
      <p part="total" class="total">
        <span>${m.total}</span><span>${l.money({ amount: total, currency: event.currency })}</span>
      </p>
      ${problemMessage(l, problem)}
      <div class="actions">
        <button
          part="reserve-button"
          class="primary"
          aria-describedby=${seats ? nothing : "hint"}
          aria-busy=${holding ? "true" : nothing}
          ?disabled=${!seats || holding}
          @click=${() => this.send({ type: "reserve" })}
        >
          ${state.name === "hold-expired" ? m.reserveAgain : m.reserve}
        </button>
        <span id="hint" class="muted" ?hidden=${!!seats}>${m.chooseTickets}</span>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-tier-list": AdmitTierList;
  }
}
