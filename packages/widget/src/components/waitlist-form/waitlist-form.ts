import { html, nothing, type TemplateResult } from "lit";
import { baseStyles } from "../../styles/base.styles.js";
import { problemMessage, WidgetPart } from "../widget-part.js";
import { waitlistFormStyles } from "./waitlist-form.styles.js";

/**
 * Joining the waitlist of a sold-out tier: email, optional name and the number of seats wanted;
 * then the confirmation with the buyer's place (`waitlist-joined`).
 *
 * @csspart form - The form.
 * @csspart problem - Why joining failed and what to do.
 * @csspart join-button - The "Join the waitlist" submit button.
 * @csspart message - The confirmation with the place on the waitlist.
 * @csspart start-over-button - "Choose tickets again" after joining.
 *
 * @tagname admit-waitlist-form
 */
export class AdmitWaitlistForm extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, waitlistFormStyles];

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const name = String(data.get("name") ?? "").trim();
    this.send({
      type: "join-waitlist",
      email: String(data.get("email") ?? "").trim(),
      quantity: Number(data.get("quantity")),
      ...(name && { name }),
    });
  }

  override render(): TemplateResult | typeof nothing {
    const { state, l } = this;
    if (!l) return nothing;
    const { m } = l;
    if (state?.name === "waitlist-joined") {
      return html`<p part="message" tabindex="-1" data-focus>${m.waitlistJoined(state.entry.position)}</p>
        <button part="start-over-button" @click=${() => this.send({ type: "start-over" })}>
          ${m.startOver}
        </button>`;
    }
    if (state?.name !== "ready" || !state.waitlist) return nothing;
    const { tierId, pending, problem } = state.waitlist;
    const tier = state.event.tiers.find((t) => t.id === tierId);
    if (!tier) return nothing;
    return html`<form part="form" aria-labelledby="title" @submit=${this.submit}>
      <h3 id="title">${m.waitlistTitle(tier.name)}</h3>
      <label for="email">${m.email}</label>
      <input id="email" name="email" type="email" autocomplete="email" required />
      <label for="name">${m.name}</label>
      <input id="name" name="name" autocomplete="name" maxlength="200" />
      <label for="quantity">${m.quantity(tier.name)}</label>
      <input id="quantity" name="quantity" type="number" min="1" max=${tier.maxPerOrder} value="1" required />
      ${problemMessage(l, problem)}
      <div class="actions">
        <button part="join-button" class="primary" type="submit" ?disabled=${pending}>
          ${m.waitlistJoin}
        </button>
        <button type="button" ?disabled=${pending} @click=${() => this.send({ type: "close-waitlist" })}>
          ${m.waitlistCancel}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-waitlist-form": AdmitWaitlistForm;
  }
}
