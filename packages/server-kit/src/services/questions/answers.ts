import {
  type Answers,
  type AnswerValue,
  type CheckoutRequest,
  type FieldError,
  isCountryCode,
  isPhoneNumber,
  type Question,
  type QuestionInput,
} from "@admit/client/contract";
import type * as z from "zod/mini";

/** A question as stored with its event (`admit_events.questions`): the admin's input, parsed. */
export type StoredQuestion = z.output<typeof QuestionInput>;

/** The question as buyers see it in the event view. */
export function toQuestion(q: StoredQuestion): Question {
  return {
    id: q.id,
    label: q.label,
    ...(q.description ? { description: q.description } : {}),
    scope: q.scope,
    type: q.type,
    required: q.required,
    ...(q.options ? { options: q.options } : {}),
    ...(q.tierIds ? { tierIds: q.tierIds } : {}),
    ...(q.link ? { link: q.link } : {}),
  };
}

/** Whether `q` is asked in `scope` for tickets of `tierIds` (an order question: any of them). */
export function isAsked(q: StoredQuestion, scope: Question["scope"], tierIds: readonly string[]) {
  return q.scope === scope && (!q.tierIds || q.tierIds.some((t) => tierIds.includes(t)));
}

const DATE = /^\d{4}-\d\d-\d\d$/;
const TEXT_LENGTH: Partial<Record<Question["type"], number>> = { text: 1000, long_text: 5000 };

/** Why `value` does not answer `q`, or the answer to store (strings trimmed). */
function checkValue(
  q: StoredQuestion,
  value: AnswerValue,
): { error: string } | { value: AnswerValue } {
  const options = new Set(q.options?.map((o) => o.id));
  switch (q.type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? { value }
        : { error: "expected a number" };
    case "checkbox":
      return typeof value === "boolean" ? { value } : { error: "expected true or false" };
    case "multi_select":
      if (!Array.isArray(value)) return { error: "expected a list of option ids" };
      if (value.some((v) => !options.has(v))) return { error: "not an option of this question" };
      return new Set(value).size === value.length
        ? { value }
        : { error: "an option is chosen twice" };
  }
  if (typeof value !== "string") return { error: "expected a text" };
  const text = value.trim();
  switch (q.type) {
    case "select":
      return options.has(text) ? { value: text } : { error: "not an option of this question" };
    case "date": {
      const time = Date.parse(`${text}T00:00:00Z`);
      return DATE.test(text) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(text)
        ? { value: text }
        : { error: "expected a date such as 2027-05-31" };
    }
    case "phone":
      return isPhoneNumber(text)
        ? { value: text }
        : { error: "expected a phone number such as +49 30 1234567" };
    case "country":
      return isCountryCode(text)
        ? { value: text }
        : { error: "expected a country code such as DE" };
    default:
      return text.length <= (TEXT_LENGTH[q.type] ?? 1000)
        ? { value: text }
        : { error: `at most ${TEXT_LENGTH[q.type] ?? 1000} characters` };
  }
}

/** Whether an answer counts as not given: absent, blank, no option, or an unticked box. */
function isBlank(value: AnswerValue | undefined): boolean {
  return (
    value === undefined ||
    value === false ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Check one set of answers (an order's or one ticket's) against the questions asked in `scope`
 * for `tierIds`: required ones answered, each answer of its question's type, no answer to a
 * question not asked. Errors name `<prefix>answers.<questionId>`; the answers come back trimmed,
 * blank ones left out.
 */
export function checkAnswers(
  questions: readonly StoredQuestion[],
  answers: Answers | undefined,
  scope: Question["scope"],
  tierIds: readonly string[],
  prefix = "",
): { errors: FieldError[]; answers: Answers } {
  const errors: FieldError[] = [];
  const kept: Answers = {};
  const asked = questions.filter((q) => isAsked(q, scope, tierIds));
  for (const id of Object.keys(answers ?? {}))
    if (!asked.some((q) => q.id === id))
      errors.push({ path: `${prefix}answers.${id}`, message: "this question is not asked here" });
  for (const q of asked) {
    const value = answers?.[q.id];
    const path = `${prefix}answers.${q.id}`;
    if (isBlank(value)) {
      if (q.required)
        errors.push({
          path,
          message: q.type === "checkbox" ? `tick "${q.label}"` : `answer "${q.label}"`,
        });
      continue;
    }
    const checked = checkValue(q, value!);
    if ("error" in checked) errors.push({ path, message: `${q.label}: ${checked.error}` });
    else kept[q.id] = checked.value;
  }
  return { errors, answers: kept };
}

/** Whether the held tiers have an attendee question that must be answered (so attendees are). */
export function needsAttendees(questions: readonly StoredQuestion[], tierIds: readonly string[]) {
  return questions.some((q) => q.required && isAsked(q, "attendee", tierIds));
}

/**
 * Check a checkout's answers against the event's questions: the order's answers against the
 * order questions asked for the held tiers, each attendee's against the attendee questions of
 * its tier. Answers the errors and what to store.
 */
export function checkCheckoutAnswers(
  questions: readonly StoredQuestion[],
  input: Pick<CheckoutRequest, "answers" | "attendees">,
  tierIds: readonly string[],
) {
  const order = checkAnswers(questions, input.answers, "order", tierIds);
  const errors = [...order.errors];
  const attendees = input.attendees?.map((attendee, i) => {
    const checked = checkAnswers(
      questions,
      attendee.answers,
      "attendee",
      [attendee.tierId],
      `attendees.${i}.`,
    );
    errors.push(...checked.errors);
    const { answers: _given, ...rest } = attendee;
    return Object.keys(checked.answers).length ? { ...rest, answers: checked.answers } : rest;
  });
  return { errors, answers: order.answers, attendees };
}
