import type { Tier } from "@admit/client/contract";
import { nothing, type TemplateResult } from "lit";
import { baseStyles } from "../../styles/base.styles.js";
import { WidgetPart } from "../widget-part.js";
import { tierRowStyles } from "./tier-row.styles.js";
import { tierRow } from "./tier-row-template.js";

/**
 * One tier on its own (the list renders its rows itself, see `tierRow`): name, price, availability and its quantity stepper (− and + buttons around a
 * spinbutton, all named by the tier, bounded by the tier's minimum, maximum and seats left), or
 * a waitlist button when it is sold out. On a narrow screen the control moves below the text.
 *
 * @csspart tier - The row.
 * @csspart price - The formatted price.
 * @csspart price-note - What the price includes or adds: "incl. 19% VAT", "+ €1.50 fee".
 * @csspart availability - "Only 3 left", "Sold out", …
 * @csspart quantity - The quantity input (a spinbutton).
 * @csspart decrease-button - "−": one ticket fewer.
 * @csspart increase-button - "+": one ticket more.
 * @csspart waitlist-button - "Join the waitlist" on a sold-out tier.
 *
 * @tagname admit-tier-row
 */
export class AdmitTierRow extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, tierRowStyles];

  static override properties = {
    tier: { attribute: false },
    showRemaining: { type: Boolean },
  };
  /** The tier to show. */
  declare tier?: Tier;
  /** Show the number of seats left even when plenty remain. */
  declare showRemaining: boolean;

  private readonly typed = new Map<string, number>();

  override render(): TemplateResult | typeof nothing {
    const { tier, l, state } = this;
    if (!tier || !l || !state) return nothing;
    return tierRow(tier, {
      l,
      state,
      showRemaining: this.showRemaining,
      typed: this.typed,
      send: (intent) => this.send(intent),
      requestUpdate: () => this.requestUpdate(),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-tier-row": AdmitTierRow;
  }
}
