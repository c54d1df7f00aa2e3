import type { Tier } from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";
import { clampQuantity, isBuyable, maxQuantity } from "../../state/widget-machine.js";
import { baseStyles } from "../../styles/base.styles.js";
import { WidgetPart } from "../widget-part.js";
import { priceNote } from "./price-note.js";
import { tierRowStyles } from "./tier-row.styles.js";

/**
 * One tier: name, price, availability and its quantity stepper (− and + buttons around a
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

  /** The typed count, while it is outside the tier's range (the state keeps the last valid one). */
  private typed?: number;

  private stepper(tier: Tier, l: Localizer, quantity: number, busy: boolean) {
    const { m } = l;
    const max = maxQuantity(tier);
    const set = (wanted: number) =>
      this.send({
        type: "set-quantity",
        tierId: tier.id,
        quantity: clampQuantity(tier, wanted, quantity),
      });
    const step = (by: 1 | -1) => {
      this.typed = undefined;
      set(quantity + by);
    };
    const invalid = this.typed !== undefined;
    return html`<div class="stepper" role="group" aria-label=${tier.name}>
        <button
          part="decrease-button"
          type="button"
          aria-label=${m.fewer(tier.name)}
          ?disabled=${busy || quantity <= 0}
          @click=${() => step(-1)}
        >
          −
        </button>
        <input
          part="quantity"
          type="number"
          inputmode="numeric"
          min="0"
          max=${max}
          .value=${String(quantity)}
          aria-label=${m.quantity(tier.name)}
          aria-invalid=${invalid}
          aria-describedby=${invalid ? "range" : nothing}
          ?disabled=${busy}
          @input=${(e: globalThis.Event) => {
            // While typing, a valid count is taken at once (so Reserve and the total follow);
            // anything else is left as typed, with a message, and the total keeps the last valid one.
            const n = (e.target as HTMLInputElement).valueAsNumber;
            const valid = Number.isInteger(n) && n === clampQuantity(tier, n, quantity);
            this.typed = valid || Number.isNaN(n) ? undefined : n;
            if (valid && n !== quantity) set(n);
            this.requestUpdate();
          }}
          @change=${(e: globalThis.Event) => {
            const input = e.target as HTMLInputElement;
            const n = clampQuantity(tier, input.valueAsNumber, quantity);
            // The field shows the valid count the total uses; the message says why it changed.
            input.value = String(n);
            if (n !== quantity) set(n);
          }}
        />
        <button
          part="increase-button"
          type="button"
          aria-label=${m.more(tier.name)}
          ?disabled=${busy || quantity >= max}
          @click=${() => step(1)}
        >
          +
        </button>
      </div>
      <p id="range" class="range problem" role="status" ?hidden=${!invalid}>
        ${invalid ? m.quantityRange(tier.minPerOrder, max) : ""}
      </p>`;
  }

  override render(): TemplateResult | typeof nothing {
    const { tier, l, state } = this;
    if (!tier || !l || !state) return nothing;
    const quantity = "quantities" in state ? (state.quantities[tier.id] ?? 0) : 0;
    const busy = state.name === "holding" || ("waitlist" in state && !!state.waitlist?.pending);
    let control: unknown = nothing;
    if (isBuyable(tier)) {
      control = this.stepper(tier, l, quantity, busy);
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
      <div class="info">
        <div class="head">
          <span class="name">${tier.name}</span>
          <span part="price" class="price">${l.money(tier.price)}</span>
        </div>
        ${priceNote(tier, l)}
        ${tier.description ? html`<div class="muted">${tier.description}</div>` : nothing}
        <span part="availability" class="availability muted ${tier.availability}"
          >${this.availability(tier, l)}</span
        >
      </div>
      <div class="control">${control}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-tier-row": AdmitTierRow;
  }
}
