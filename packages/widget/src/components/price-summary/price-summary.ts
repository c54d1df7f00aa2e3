import type { Hold, Tier } from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";

/**
 * The summary before Pay: each line at its listed price, then what the promo code took off, the
 * VAT added on top (exclusive tiers), the fees, and the total the server charges, with the VAT
 * the total includes (inclusive tiers). Listed − discount + VAT added + fees = total, to the
 * cent, since the server's breakdown adds up. A hold without a breakdown shows its lines and total.
 * Renders `<li>` rows and the total for the held screen's summary (`admit-hold-countdown`).
 */
export function priceSummary(hold: Hold, tiers: readonly Tier[], l: Localizer): TemplateResult {
  const { m } = l;
  const money = (amount: number) => l.money({ amount, currency: hold.total.currency });
  const tierOf = (id: string) => tiers.find((t) => t.id === id);
  let added = 0;
  let included = 0;
  for (const line of hold.lines ?? []) {
    if (tierOf(line.tierId)?.tax?.pricing === "exclusive") added += line.breakdown.tax;
    else included += line.breakdown.tax;
  }
  const b = hold.breakdown;
  const row = (label: string, amount: string, part: string) =>
    html`<li part=${part}><span>${label}</span><span>${amount}</span></li>`;
  return html`<ul>
      ${hold.items.map((item) => {
        const tier = tierOf(item.tierId);
        return html`<li>
          <span>${item.quantity} × ${tier?.name ?? item.tierId}</span>
          ${tier ? html`<span>${money(tier.price.amount * item.quantity)}</span>` : nothing}
        </li>`;
      })}
      ${b?.discount ? row(m.discount(hold.promoCode ?? ""), `−${money(b.discount)}`, "discount") : nothing}
      ${added ? row(m.vat, money(added), "tax") : nothing}
      ${b?.fee ? row(m.fees, money(b.fee), "fees") : nothing}
    </ul>
    <p part="total" class="total"><span>${m.total}</span><span>${l.money(hold.total)}</span></p>
    ${included ? html`<p part="tax" class="muted">${m.vatIncluded(money(included))}</p>` : nothing}`;
}
