import type { AnswerValue, Question } from "@admit/client/contract";
import type { Draft } from "../../store/buyer-draft.js";

/**
 * What the host page may set on `<admit-tickets>` to prefill the buyer form (for a logged-in
 * visitor), read by the held screen's chunk only so the first script carries none of it:
 * attributes `buyer-name`, `buyer-email`, `data-question-<questionId>` (as pretix's widget) and
 * `prefill-fixed`, or the same as properties `buyerName`, `buyerEmail`, `answers` (an object by
 * question id) and `prefillFixed`. Properties win over attributes.
 */
export interface PrefillHost extends Element {
  buyerName?: string;
  buyerEmail?: string;
  answers?: Record<string, AnswerValue>;
  prefillFixed?: boolean;
}

/** The prefilled values, as form field values (see `fieldName`), and whether they are fixed. */
export interface Prefill {
  readonly values: Draft;
  readonly fixed: boolean;
}

/** A prefilled answer as the form field's value(s): multi-select ids, "on" for a ticked box. */
function asField(q: Question, value: AnswerValue | string): string | string[] | undefined {
  if (q.type === "multi_select")
    return (Array.isArray(value) ? value : String(value).split(","))
      .map((v) => v.trim())
      .filter(Boolean);
  if (q.type === "checkbox")
    return value === true || /^(true|yes|1|on)$/i.test(String(value)) ? "on" : undefined;
  if (Array.isArray(value)) return undefined;
  return String(value);
}

/**
 * The host's prefill for the form: the buyer's name and email, the order questions' answers and
 * the attendee questions' answers for the first ticket each is asked for (`firstTicket`).
 */
export function readPrefill(
  host: PrefillHost | null,
  questions: readonly Question[],
  firstTicket: (q: Question) => number | undefined,
): Prefill {
  const values: Draft = {};
  if (!host) return { values, fixed: false };
  const name = host.buyerName ?? host.getAttribute("buyer-name");
  const email = host.buyerEmail ?? host.getAttribute("buyer-email");
  if (name) values.name = name;
  if (email) values.email = email;
  for (const q of questions) {
    const given = host.answers?.[q.id] ?? host.getAttribute(`data-question-${q.id}`);
    if (given === null || given === undefined) continue;
    const field = asField(q, given);
    const ticket = q.scope === "attendee" ? firstTicket(q) : -1;
    if (field !== undefined && ticket !== undefined) values[fieldName(q, ticket)] = field;
  }
  return { values, fixed: host.prefillFixed ?? host.hasAttribute("prefill-fixed") };
}

/** The form field of question `q`: `q:<id>` for the order, `a<ticket>:<id>` for a ticket. */
export function fieldName(q: Question, ticket: number): string {
  return ticket < 0 ? `q:${q.id}` : `a${ticket}:${q.id}`;
}
