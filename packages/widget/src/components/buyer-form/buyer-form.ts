import {
  type Answers,
  type Event,
  type Hold,
  isPhoneNumber,
  type Question,
} from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import type { WidgetIntent } from "../../state/widget-state.js";
import { type Draft, formDraft, readDraft, writeDraft } from "../../store/buyer-draft.js";
import { baseStyles } from "../../styles/base.styles.js";
import { problemMessage, WidgetPart } from "../widget-part.js";
import { buyerFormStyles } from "./buyer-form.styles.js";
import { fieldName, type PrefillHost, readPrefill } from "./prefill.js";
import { type FieldContext, ids, questionField, textField } from "./question-field.js";

type Checkout = Extract<WidgetIntent, { type: "checkout" }>;

/** One ticket of the hold, with the attendee questions asked for its tier. */
interface TicketSlot {
  readonly tierId: string;
  readonly tier: string;
  readonly questions: readonly Question[];
}

/** What the form asks for a held state: the order questions and, when needed, one slot per ticket. */
function asked(event: Event, hold: Hold) {
  const { items } = hold;
  const questions = event.questions ?? [];
  const forTier = (q: Question, tierId: string) => !q.tierIds || q.tierIds.includes(tierId);
  const order = questions.filter(
    (q) => q.scope === "order" && items.some((i) => forTier(q, i.tierId)),
  );
  const slots: TicketSlot[] = items.flatMap((item) =>
    Array.from({ length: item.quantity }, () => ({
      tierId: item.tierId,
      tier: event.tiers.find((t) => t.id === item.tierId)?.name ?? item.tierId,
      questions: questions.filter((q) => q.scope === "attendee" && forTier(q, item.tierId)),
    })),
  );
  // Attendees are asked for when the event collects them or asks any of them something.
  const tickets = event.collectAttendees || slots.some((s) => s.questions.length) ? slots : [];
  return { questions, order, tickets };
}

/** An answer from its field's values, as the question's type wants it; undefined when blank. */
function answerOf(q: Question, values: string[]): Answers[string] | undefined {
  const given = values.map((v) => v.trim()).filter(Boolean);
  if (q.type === "multi_select") return given.length ? given : undefined;
  if (q.type === "checkbox") return given.length ? true : undefined;
  if (!given[0]) return undefined;
  return q.type === "number" ? Number(given[0]) : given[0];
}

/** The answers of `questions` from the form's draft, named with `ticket`'s field names. */
function answersOf(questions: readonly Question[], ticket: number, draft: Draft) {
  const answers: Answers = {};
  for (const q of questions) {
    const answer = answerOf(q, ([] as string[]).concat(draft[fieldName(q, ticket)] ?? []));
    if (answer !== undefined) answers[q.id] = answer;
  }
  return answers;
}

/**
 * The buyer's name and email, the event's questions (per order, and per ticket for the tiers
 * they are asked for), a name per ticket when the event collects attendees, and the
 * "Pay <amount>" button with the hold's total as computed by the server.
 *
 * Every field has its label; a description and an error are tied to it (`aria-describedby`,
 * `aria-invalid`), and Pay moves focus to the first field in error. What the buyer types is
 * kept for the tab (`store/buyer-draft.ts`), so an expired hold, a reload, a declined payment
 * and "Reserve again" keep it. The host page may prefill it (see `prefill.ts`).
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

  static override properties = { errors: { state: true } };

  /** Errors by field name, from the last Pay; a field loses its error when edited. */
  declare errors: Record<string, string>;

  constructor() {
    super();
    this.errors = {};
  }

  /** The `<admit-tickets>` this form is inside (its host page's prefill), or the test's host. */
  private get host(): (PrefillHost & { api?: string; event?: string; position?(): number }) | null {
    return ((this.getRootNode() as ShadowRoot).host ?? this.parentElement) as never;
  }

  /** Where this widget's draft is kept: per API, event and widget position, as its session. */
  private get draftKey(): string {
    const host = this.host;
    return `admit-draft:${host?.api ?? ""}#${host?.event ?? ""}#${host?.position?.() ?? 0}`;
  }

  private save(e: globalThis.Event): void {
    const form = e.currentTarget as HTMLFormElement;
    writeDraft(this.draftKey, formDraft(form));
    const name = (e.target as HTMLInputElement).name;
    if (this.errors[name]) {
      const { [name]: _fixed, ...rest } = this.errors;
      this.errors = rest;
    }
  }

  /** Checks every field as the server would; answers errors by field name. */
  private check(form: HTMLFormElement): Record<string, string> {
    const { m } = this.l!;
    const errors: Record<string, string> = {};
    for (const el of form.elements as unknown as Iterable<HTMLInputElement>) {
      if (!el.name || el.type === "hidden" || errors[el.name] || !("validity" in el)) continue;
      const blank = el.required && el.type !== "checkbox" && !el.value.trim();
      if (blank || el.validity.valueMissing)
        errors[el.name] = el.type === "checkbox" ? m.mustTick : m.required;
      // The server's rule for phone numbers, which the browser does not know.
      else if (
        !el.validity.valid ||
        (el.type === "tel" && el.value.trim() && !isPhoneNumber(el.value.trim()))
      )
        errors[el.name] = m.invalid;
    }
    for (const group of form.querySelectorAll<HTMLElement>("fieldset[data-required]")) {
      const name = group.dataset.required!;
      if (!group.querySelector("input:checked")) errors[name] = m.chooseOne;
    }
    return errors;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const state = this.state;
    if (state?.name !== "held") return;
    const form = e.target as HTMLFormElement;
    this.errors = this.check(form);
    const names = Object.keys(this.errors);
    if (names.length) {
      await this.updateComplete;
      // The first field in error, in the form's order.
      const first = [...(form.elements as unknown as HTMLInputElement[])].find((el) =>
        names.includes(el.name),
      );
      first?.focus();
      return;
    }
    const draft = formDraft(form);
    writeDraft(this.draftKey, draft);
    const { order, tickets } = asked(state.event, state.held.hold);
    const text = (name: string) => String(draft[name] ?? "").trim();
    const answers = answersOf(order, -1, draft);
    const intent: Checkout = {
      type: "checkout",
      buyer: { name: text("name"), email: text("email") },
      ...(tickets.length && {
        attendees: tickets.map((t, i) => {
          const given = answersOf(t.questions, i, draft);
          return {
            tierId: t.tierId,
            name: text(`a${i}`),
            ...(Object.keys(given).length && { answers: given }),
          };
        }),
      }),
      ...(Object.keys(answers).length && { answers }),
    };
    this.send(intent);
  }

  override render(): TemplateResult | typeof nothing {
    const { state, l } = this;
    if (!l || (state?.name !== "held" && state?.name !== "checking-out") || !state.held) {
      return nothing;
    }
    const { m } = l;
    const { hold } = state.held;
    const busy = state.name === "checking-out";
    const problem = state.name === "held" ? state.problem : undefined;
    const { questions, order, tickets } = asked(state.event!, hold);
    const firstTicket = (q: Question) => {
      const i = tickets.findIndex((t) => t.questions.includes(q));
      return i < 0 ? undefined : i;
    };
    const c: FieldContext = {
      l,
      draft: readDraft(this.draftKey),
      prefill: readPrefill(this.host, questions, firstTicket),
      errors: this.errors,
    };
    return html`<form part="form" novalidate @submit=${this.submit} @input=${this.save}
      @change=${this.save}>
      <fieldset ?disabled=${busy}>
        ${textField(c, "name", m.name, "text", "name", 200, true)}
        ${textField(c, "email", m.email, "email", "email", 320)}
        ${order.map((q) => questionField(q, fieldName(q, -1), c))}
        ${tickets.map(
          (t, i) => html`<fieldset class="ticket" aria-labelledby=${ids(`t${i}`).id}>
            <h3 id=${ids(`t${i}`).id} class="ticket-title">${m.ticketHeading(i + 1, t.tier)}</h3>
            ${textField(c, `a${i}`, m.attendee(i + 1, t.tier), "text", "off", 200)}
            ${t.questions.map((q) => questionField(q, fieldName(q, i), c))}
          </fieldset>`,
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
