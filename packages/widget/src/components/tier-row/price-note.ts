import type { Tier } from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";

/**
 * What a tier's price includes or adds, as EU consumer law expects it next to the price:
 * "incl. 19% VAT" (or "+ 7% VAT" when the tax is added), "+ €1.50 fee".
 * @example priceNote(tier, l) // <span part="price-note">incl. 19% VAT, + €1.50 fee</span>
 */
export function priceNote({ tax, fee }: Tier, l: Localizer): TemplateResult | typeof nothing {
  const { m } = l;
  const notes = [
    tax?.rateBasisPoints && m.tax(tax.rateBasisPoints / 100, tax.pricing === "inclusive"),
    fee && m.fee(fee.amount ? l.money(fee.amount) : `${(fee.basisPoints ?? 0) / 100}%`, fee.per),
  ].filter(Boolean);
  return notes.length
    ? html`<span part="price-note" class="muted">${notes.join(", ")}</span>`
    : nothing;
}
