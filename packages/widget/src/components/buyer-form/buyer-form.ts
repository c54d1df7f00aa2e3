import { html, nothing, type TemplateResult } from "lit";
import { baseStyles } from "../../styles/base.styles.js";
import { problemMessage, WidgetPart } from "../widget-part.js";
import { buyerFormStyles } from "./buyer-form.styles.js";

/**
 * The buyer's name and email (and a name per ticket when the event collects attendees), and the
 * "Pay <amount>" button with the hold's total as computed by the server.
 *
 * @csspart form - The form.
 * @csspart problem - Why the last checkout failed and what to do.
 * @csspart pay-button - The "Pay €90.00" button.
 *
 * @tagname admit-buyer-form
 */
export class AdmitBuyerForm extends WidgetPart {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, buyerFormStyles];

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const attendees = data.getAll("attendee").map((name, i) => ({
      tierId: String(data.getAll("attendee-tier")[i]),
      name: String(name).trim(),
    }));
    this.send({
      type: "checkout",
      buyer: { name: text("name"), email: text("email") },
      ...(attendees.length && { attendees }),
    });
  }

  override render(): TemplateResult | typeof nothing {
    const { state, l } = this;
    if (!l || (state?.name !== "held" && state?.name !== "checking-out") || !state.held) {
      return nothing;
    }
    const { m } = l;
    const { hold } = state.held;
    const event = state.event;
    const busy = state.name === "checking-out";
    const problem = state.name === "held" ? state.problem : undefined;
    const tickets = event?.collectAttendees
      ? hold.items.flatMap((item) =>
          Array.from({ length: item.quantity }, () => ({
            tierId: item.tierId,
            tier: event.tiers.find((t) => t.id === item.tierId)?.name ?? item.tierId,
          })),
        )
      : [];
    return html`<form part="form" @submit=${this.submit}>
      <fieldset ?disabled=${busy}>
        <label for="name">${m.name}</label>
        <input id="name" name="name" data-focus autocomplete="name" required maxlength="200" />
        <label for="email">${m.email}</label>
        <input id="email" name="email" type="email" autocomplete="email" required maxlength="320" />
        ${tickets.map(
          (t, i) => html`<label for="a${i}">${m.attendee(i + 1, t.tier)}</label>
            <input id="a${i}" name="attendee" required maxlength="200" />
            <input type="hidden" name="attendee-tier" .value=${t.tierId} />`,
        )}
      </fieldset>
      ${problemMessage(l, problem)}
      <div class="actions">
        <button part="pay-button" class="primary" type="submit" ?disabled=${busy} aria-busy=${busy ? "true" : nothing}>
          ${m.pay(l.money(hold.total))}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-buyer-form": AdmitBuyerForm;
  }
}
