/**
 * Questions an organizer asks at checkout (per order or per attendee), and the buyer's answers.
 * The admin defines them with the event (`EventInput.questions`, in the order they are asked);
 * the public `Event` view carries them; `CheckoutRequest` carries the answers, which the server
 * checks against the questions (422 `invalid_request` naming `answers.<questionId>` or
 * `attendees.<index>.answers.<questionId>`).
 * @module
 */
import * as z from "zod/mini";
import { isHttpUrl, Slug, text } from "./primitives.js";

/** Who a question is asked of: once per order (the buyer), or once per ticket (each attendee). */
export const QUESTION_SCOPES = ["order", "attendee"] as const;
export type QuestionScope = (typeof QUESTION_SCOPES)[number];

/**
 * What kind of answer a question takes, and so the answer's JSON type:
 * `text`, `long_text`, `select`, `phone` a string; `date` a `YYYY-MM-DD` string; `country` an
 * ISO 3166-1 alpha-2 code such as `DE`; `number` a number; `checkbox` a boolean (a required
 * checkbox must be `true`: "I accept the terms"); `multi_select` an array of option ids.
 */
export const QUESTION_TYPES = [
  "text",
  "long_text",
  "number",
  "select",
  "multi_select",
  "checkbox",
  "date",
  "phone",
  "country",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * A question as the buyer sees it in the event (`Event.questions`), in the order asked. `scope`
 * and `type` are checked as strings, not enums: a type added later must not make a deployed
 * widget refuse the whole event (it renders a type it does not know as a text field), and the
 * widget's first script stays small.
 */
export const Question = z.object({
  id: z.string(),
  label: z.string(),
  description: z.optional(z.string()),
  /** One of {@link QUESTION_SCOPES}. */
  scope: z.string(),
  /** One of {@link QUESTION_TYPES}. */
  type: z.string(),
  required: z.boolean(),
  /** The choices of a `select` or `multi_select`. */
  options: z.optional(z.array(z.object({ id: z.string(), label: z.string() }))),
  /** Asked only for tickets of these tiers (an order question: when the order has one). */
  tierIds: z.optional(z.array(z.string())),
  /** A link shown with the label, e.g. the terms a `checkbox` accepts. */
  link: z.optional(z.object({ url: z.string(), label: z.string() })),
});
export type Question = z.infer<typeof Question>;

const Label = /* @__PURE__ */ text().check(z.trim(), z.minLength(1), z.maxLength(500));

/** A question as the admin defines it, in `EventInput.questions`. */
export const QuestionInput = z.object({
  id: Slug,
  label: Label,
  description: z.optional(/* @__PURE__ */ text().check(z.trim(), z.maxLength(2000))),
  scope: z._default(z.enum(QUESTION_SCOPES), "order"),
  type: z.enum(QUESTION_TYPES),
  required: z._default(z.boolean(), false),
  options: z.optional(
    /* @__PURE__ */ z
      .array(z.object({ id: Slug, label: Label }))
      .check(z.minLength(1), z.maxLength(200)),
  ),
  tierIds: z.optional(/* @__PURE__ */ z.array(Slug).check(z.minLength(1), z.maxLength(100))),
  link: z.optional(
    z.object({
      url: /* @__PURE__ */ text().check(z.refine(isHttpUrl, "expected an absolute http(s) URL")),
      label: Label,
    }),
  ),
});
export type QuestionInput = z.input<typeof QuestionInput>;

/**
 * What is wrong with an event's questions against its tiers, as `[path, message]`: duplicate
 * ids, options on a question that is no select (or none on one that is), unknown tiers, a link
 * on a question that is no checkbox.
 */
export function questionProblems(
  questions: readonly z.output<typeof QuestionInput>[],
  tierIds: readonly string[],
): [string, string][] {
  const problems: [string, string][] = [];
  const seen = new Set<string>();
  for (const [i, q] of questions.entries()) {
    const at = `questions.${i}`;
    if (seen.has(q.id)) problems.push([`${at}.id`, "question ids must be unique within the event"]);
    seen.add(q.id);
    const select = q.type === "select" || q.type === "multi_select";
    if (select !== Boolean(q.options))
      problems.push([`${at}.options`, select ? "give the choices" : "only selects have options"]);
    if (q.options && new Set(q.options.map((o) => o.id)).size !== q.options.length)
      problems.push([`${at}.options`, "option ids must be unique within the question"]);
    if (q.tierIds?.some((t) => !tierIds.includes(t)))
      problems.push([`${at}.tierIds`, "not a tier of this event"]);
    if (q.link && q.type !== "checkbox")
      problems.push([`${at}.link`, "only a checkbox question has a link"]);
  }
  return problems;
}

/** The longest free-text answer (a `long_text`); other strings are shorter. */
export const MAX_ANSWER_LENGTH = 5000;

/**
 * One answer as sent: a string (text, long text, select, date, phone, country), a number, a
 * boolean (checkbox) or option ids (multi-select). The server checks it against its question.
 */
export const AnswerValue = z.union([
  /* @__PURE__ */ text().check(z.maxLength(MAX_ANSWER_LENGTH)),
  z.number(),
  z.boolean(),
  /* @__PURE__ */ z.array(/* @__PURE__ */ text().check(z.maxLength(64))).check(z.maxLength(200)),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/** Answers by question id. A question left out (or answered `""`, `[]`) is unanswered. */
export const Answers = z.record(Slug, AnswerValue);
export type Answers = z.infer<typeof Answers>;

/** Answers as the server reports them (admin order and tickets): only their shape. */
export const AnswersView = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
);
