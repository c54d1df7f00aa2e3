/**
 * The markup of one tier, rendered by `<admit-tier-list>` for each tier into its own shadow root
 * and by `<admit-tier-row>` for a tier on its own. Apart from the element, so the first script
 * (which renders the list) does not carry `<admit-tier-row>`.
 * @module
 */
import type { Tier } from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";
import { clampQuantity, isBuyable, maxQuantity } from "../../state/widget-machine.js";
import type { WidgetIntent, WidgetState } from "../../state/widget-state.js";
import { priceNote } from "./price-note.js";

/** What a tier row needs from the element it renders in (`<admit-tier-list>` for every tier). */
export interface TierRowHost {
  readonly l: Localizer;
  readonly state: WidgetState;
  /** Show the number of seats left even when plenty remain. */
  readonly showRemaining: boolean;
  /** The count typed into a tier's field while it is outside the tier's range, by tier id (the state keeps the last valid one). */
  readonly typed: Map<string, number>;
  send(intent: WidgetIntent): void;
  /** Renders again: typing changed `typed`. */
  requestUpdate(): void;
}

function availability(tier: Tier, h: TierRowHost): string {
  const { l } = h;
  const { m } = l;
  const left = tier.remaining;
  switch (tier.availability) {
    case "limited":
      return left === null ? m.available : m.limited(left);
    case "sold_out":
      return m.soldOut;
    case "not_on_sale":
      return m.notOnSale(
        tier.salesStart &&
          l.dateTime(tier.salesStart, "event" in h.state ? h.state.event?.timeZone : undefined),
      );
    case "ended":
      return m.ended;
    default:
      return h.showRemaining && left !== null ? m.remaining(left) : m.available;
  }
}

function stepper(tier: Tier, h: TierRowHost, quantity: number, busy: boolean) {
  const { m } = h.l;
  const max = maxQuantity(tier);
  const set = (wanted: number) =>
    h.send({
      type: "set-quantity",
      tierId: tier.id,
      quantity: clampQuantity(tier, wanted, quantity),
    });
  const step = (by: 1 | -1) => {
    h.typed.delete(tier.id);
    set(quantity + by);
  };
  const invalid = h.typed.has(tier.id);
  // Unique in the shadow root of the list, which holds every row.
  const range = `range-${tier.id}`;
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
        aria-describedby=${invalid ? range : nothing}
        ?disabled=${busy}
        @input=${(e: globalThis.Event) => {
          // While typing, a valid count is taken at once (so Reserve and the total follow);
          // anything else is left as typed, with a message, and the total keeps the last valid one.
          const n = (e.target as HTMLInputElement).valueAsNumber;
          const valid = Number.isInteger(n) && n === clampQuantity(tier, n, quantity);
          if (valid || Number.isNaN(n)) h.typed.delete(tier.id);
          else h.typed.set(tier.id, n);
          if (valid && n !== quantity) set(n);
          h.requestUpdate();
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
    <p id=${range} class="range problem" role="status" ?hidden=${!invalid}>
      ${invalid ? m.quantityRange(tier.minPerOrder, max) : ""}
    </p>`;
}

/**
 * One tier: name, price, availability and its quantity stepper, or its waitlist button. The
 * markup of `<admit-tier-row>`, and of each row of `<admit-tier-list>`, which renders them all
 * in its own shadow root (one element and one style scope for the list, not one per tier).
 */
export function tierRow(tier: Tier, h: TierRowHost): TemplateResult {
  const { l, state } = h;
  const quantity = "quantities" in state ? (state.quantities[tier.id] ?? 0) : 0;
  const busy = state.name === "holding" || ("waitlist" in state && !!state.waitlist?.pending);
  let control: unknown = nothing;
  if (isBuyable(tier)) {
    control = stepper(tier, h, quantity, busy);
  } else if (tier.availability === "sold_out" && tier.waitlist) {
    control = html`<button
      part="waitlist-button"
      aria-label=${`${l.m.waitlistJoin}: ${tier.name}`}
      ?disabled=${busy}
      @click=${() => h.send({ type: "open-waitlist", tierId: tier.id })}
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
        >${availability(tier, h)}</span
      >
    </div>
    <div class="control">${control}</div>
  </div>`;
}
