import type { Tier } from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { Localizer } from "../../locales/localizer.js";
import { clampQuantity, isBuyable, maxQuantity } from "../../state/widget-machine.js";
import { baseStyles } from "../../styles/base.styles.js";
import { WidgetPart } from "../widget-part.js";
import { tierRowStyles } from "./tier-row.styles.js";

/**
 * One tier: name, price, availability and its quantity spinbutton (named by the tier), or a
 * waitlist button when it is sold out.
 *
 * @csspart tier - The row.
 * @csspart price - The formatted price.
 * @csspart availability - "Only 3 left", "Sold out", …
 * @csspart quantity - The quantity input (a spinbutton).
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

  private availability(tier: Tier, l: Localizer): string {
    const { m } = l;
    const left = tier.remaining;
    switch (tier.availability) {
      case "limited":
        return left === null ? m.available : m.limited(left);
      case "sold_out":
        return m.soldOut;
      case "not_on_sale":
        return m.notOnSale(tier.salesStart && l.dateTime(tier.salesStart, this.timeZone()));
      case "ended":
        return m.ended;
      default:
        return this.showRemaining && left !== null ? m.remaining(left) : m.available;
    }
  }

  private timeZone(): string | undefined {
    return this.state && "event" in this.state ? this.state.event?.timeZone : undefined;
  }

  override render(): TemplateResult | typeof nothing {
    const { tier, l, state } = this;
    if (!tier || !l || !state) return nothing;
    const quantity = "quantities" in state ? (state.quantities[tier.id] ?? 0) : 0;
    const busy = state.name !== "ready" || !!state.waitlist?.pending;
    let control: unknown = nothing;
    if (isBuyable(tier)) {
      control = html`<input
        part="quantity"
        type="number"
        inputmode="numeric"
        min="0"
        max=${maxQuantity(tier)}
        .value=${live(String(quantity))}
        aria-label=${l.m.quantity(tier.name)}
        ?disabled=${busy}
        @input=${(e: globalThis.Event) => {
          // While typing, take only a valid count (so Reserve enables at once); anything else
          // is clamped on change, not under the buyer's fingers.
          const n = (e.target as HTMLInputElement).valueAsNumber;
          if (n === clampQuantity(tier, n, quantity) && n !== quantity)
            this.send({ type: "set-quantity", tierId: tier.id, quantity: n });
        }}
        @change=${(e: globalThis.Event) =>
          this.send({
            type: "set-quantity",
            tierId: tier.id,
            quantity: (e.target as HTMLInputElement).valueAsNumber,
          })}
      />`;
    } else if (tier.availability === "sold_out" && tier.waitlist) {
      control = html`<button
        part="waitlist-button"
        aria-label=${`${l.m.waitlistJoin}: ${tier.name}`}
        ?disabled=${busy}
        @click=${() => this.send({ type: "open-waitlist", tierId: tier.id })}
      >
        ${l.m.waitlistJoin}
      </button>`;
    }
    return html`<div part="tier" class="tier">
      <div>
        <span class="name">${tier.name}</span>
        <span part="price" class="price">${l.money(tier.price)}</span>
        ${tier.description ? html`<div class="muted">${tier.description}</div>` : nothing}
        <span part="availability" class="availability muted ${tier.availability}"
          >${this.availability(tier, l)}</span
        >
      </div>
      ${control}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-tier-row": AdmitTierRow;
  }
}
