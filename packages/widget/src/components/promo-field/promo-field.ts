import type { AdmitClient } from "@admit/client";
import type { Event, PromoCodeCheck, PromoDiscount } from "@admit/client/contract";
import { ContextConsumer } from "@lit/context";
import { html, nothing, type TemplateResult } from "lit";
import { clientContext } from "../../context/widget-context.js";
import type { Localizer } from "../../locales/localizer.js";
import { problemOf } from "../../state/problem-of.js";
import type { WidgetProblemCode } from "../../state/widget-state.js";
import { baseStyles } from "../../styles/base.styles.js";
import { WidgetPart } from "../widget-part.js";
import { promoFieldStyles } from "./promo-field.styles.js";

/** The code a campaign link or the host gives: the `promo-code` attribute, then `?promo=`. */
export function prefilledCode(host: Element | undefined, url = location.href): string {
  return (host?.getAttribute("promo-code") || new URL(url).searchParams.get("promo") || "").trim();
}

/** What a code takes off, in words: "20% off", "€5.00 off", "€9.90 each". */
export function discountText(discount: PromoDiscount | undefined, l: Localizer): string {
  if (!discount) return "";
  const { m } = l;
  if (discount.kind === "percent") return m.promoPercent((discount.basisPoints ?? 0) / 100);
  const amount = l.money(discount.amount ?? { amount: 0, currency: "EUR" });
  return discount.kind === "amount_off" ? m.promoAmountOff(amount) : m.promoSetPrice(amount);
}

/** The event without the tiers a previous code unlocked, plus those `check` unlocks. */
export function withUnlocked(
  event: Event,
  before: readonly string[],
  check?: PromoCodeCheck,
): Event {
  const tiers = event.tiers.filter((t) => !before.includes(t.id));
  for (const tier of check?.unlockedTiers ?? [])
    if (!tiers.some((t) => t.id === tier.id)) tiers.push(tier);
  return { ...event, tiers };
}

/**
 * The promo-code field, shown only when the event has codes (`hasPromoCodes`). Prefilled from
 * the widget's `promo-code` attribute or the page's `?promo=` parameter and then applied at
 * once; the server checks the code, the discount shows at once and the tiers it unlocks join
 * the list. Wrong, expired and used-up codes each get their own message. Holds carry the
 * applied code, and the held screen shows what it took off.
 *
 * @csspart form - The code form.
 * @csspart promo-input - The code input.
 * @csspart apply-button - "Apply", and "Remove" once a code is applied.
 * @csspart message - The applied code and its discount.
 * @csspart problem - Why the code was refused.
 *
 * @tagname admit-promo-field
 */
export class AdmitPromoField extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, promoFieldStyles];

  private readonly clientC = new ContextConsumer(this, { context: clientContext });
  private applied?: PromoCodeCheck;
  private problem?: WidgetProblemCode;
  private pending = false;
  private prefilled = false;

  protected override updated(): void {
    // The campaign's code is applied once, as soon as the widget is ready.
    if (this.prefilled || this.state?.name !== "ready") return;
    this.prefilled = true;
    const code = prefilledCode((this.getRootNode() as ShadowRoot).host);
    if (code) void this.apply(code);
  }

  /** Checks `code` with the server and applies it, or says why it was refused. */
  async apply(code: string): Promise<void> {
    const { state } = this;
    const client: AdmitClient | undefined = this.clientC.value;
    if (!code || !client || !state || !("event" in state) || !state.event) return;
    const event = state.event;
    this.pending = true;
    this.problem = undefined;
    this.requestUpdate();
    try {
      const check = await client.checkPromoCode(event.id, code.trim());
      const before = this.applied?.unlocksTierIds ?? [];
      this.applied = check;
      this.send({ type: "promo", event: withUnlocked(event, before, check), code: check.code });
    } catch (error) {
      this.problem = problemOf(error);
    }
    this.pending = false;
    this.requestUpdate();
  }

  private removeCode(): void {
    const { state } = this;
    if (!this.applied || !state || !("event" in state) || !state.event) return;
    const event = withUnlocked(state.event, this.applied.unlocksTierIds);
    this.applied = undefined;
    this.send({ type: "promo", event });
    this.requestUpdate();
  }

  override render(): TemplateResult | typeof nothing {
    const { l, state } = this;
    if (!l || !state) return nothing;
    const { m } = l;
    // The promo codes' problems join the catalogue, so a hold refused for its code says why.
    Object.assign(m.problems, m.promoProblems);
    const busy = this.pending || state.name === "holding";
    if (this.applied) {
      const what = discountText(this.applied.discount, l);
      const applied = m.promoApplied(this.applied.code);
      return html`<p part="message" class="applied" role="status">
          ${what ? `${applied}: ${what}` : applied}
        </p>
        <button part="apply-button" class="link" ?disabled=${busy} @click=${() => this.removeCode()}>
          ${m.promoRemove}
        </button>`;
    }
    const problem = this.problem;
    return html`<form
      part="form"
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const data = new FormData(e.target as HTMLFormElement);
        void this.apply(String(data.get("code") ?? ""));
      }}
    >
      <div class="field">
        <label for="code">${m.promoLabel}</label>
        <input
          id="code"
          name="code"
          part="promo-input"
          autocomplete="off"
          maxlength="64"
          aria-invalid=${!!problem}
          aria-describedby=${problem ? "promo-problem" : nothing}
          .value=${prefilledCode((this.getRootNode() as ShadowRoot).host)}
        />
      </div>
      <button part="apply-button" type="submit" ?disabled=${busy}>${m.promoApply}</button>
      ${
        problem
          ? html`<p id="promo-problem" part="problem" class="problem" role="alert">
              ${m.promoProblems[problem as keyof typeof m.promoProblems] ?? l.problem(problem)}
            </p>`
          : nothing
      }
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-promo-field": AdmitPromoField;
  }
}
