import { countryCodes, type Question } from "@admit/client/contract";
import { html, nothing, type TemplateResult } from "lit";
import type { Localizer } from "../../locales/localizer.js";
import type { Draft } from "../../store/buyer-draft.js";
import type { Prefill } from "./prefill.js";

/** What every field of the buyer form renders from. */
export interface FieldContext {
  readonly l: Localizer;
  /** What the buyer typed before (a reload, an expired hold, a declined payment). */
  readonly draft: Draft | undefined;
  readonly prefill: Prefill;
  /** Errors by field name, from the last Pay. */
  readonly errors: Readonly<Record<string, string>>;
}

/** The field's starting value and whether the host fixed it: fixed prefill, then draft, then prefill. */
export function initial(c: FieldContext, name: string): { value: string[]; fixed: boolean } {
  const given = c.prefill.values[name];
  const fixed = c.prefill.fixed && given !== undefined;
  const value = fixed ? given : c.draft ? c.draft[name] : given;
  return { value: value === undefined ? [] : ([] as string[]).concat(value), fixed };
}

/** Element ids of a field, its description and its error (field names are ids' safe slugs). */
export function ids(name: string) {
  const id = `f-${name.replace(":", "-")}`;
  return { id, desc: `${id}-d`, err: `${id}-e` };
}

/** The ids a field's `aria-describedby` lists: its description and its error, if any. */
function describedBy(name: string, c: FieldContext, described: boolean) {
  const { desc, err } = ids(name);
  const list = [described ? desc : "", c.errors[name] ? err : ""].filter(Boolean).join(" ");
  return list || nothing;
}

/** The error under a field, tied to it by id; nothing when the field is fine. */
export function fieldError(name: string, c: FieldContext): TemplateResult | typeof nothing {
  const error = c.errors[name];
  return error ? html`<p id=${ids(name).err} class="field-error">${error}</p>` : nothing;
}

/**
 * A text field of the form (buyer name, email, attendee name) with its label and error.
 * `attrs` are the input's type and autocomplete.
 */
export function textField(
  c: FieldContext,
  name: string,
  label: string,
  type: "text" | "email",
  autocomplete: string,
  max: number,
  focus = false,
): TemplateResult {
  const { id } = ids(name);
  const { value, fixed } = initial(c, name);
  return html`<label for=${id}>${label}</label>
    <input id=${id} name=${name} type=${type} autocomplete=${autocomplete} required
      maxlength=${max} .value=${value[0] ?? ""} ?readonly=${fixed} ?data-focus=${focus}
      aria-invalid=${c.errors[name] ? "true" : nothing}
      aria-describedby=${describedBy(name, c, false)} />
    ${fieldError(name, c)}`;
}

const countries = new Map<string, [string, string][]>();

/** Every country as `[code, name]`, named and sorted in the buyer's language. */
function countryList(tag: string): [string, string][] {
  let list = countries.get(tag);
  if (!list) {
    const names = new Intl.DisplayNames([tag], { type: "region" });
    // The codes the server accepts (`isCountryCode`), loaded with this chunk only.
    list = countryCodes()
      .map((code): [string, string] => [code, names.of(code) ?? code])
      .sort((a, b) => a[1].localeCompare(b[1], tag));
    countries.set(tag, list);
  }
  return list;
}

/** One question as a form field, named by `name`; the ticket's questions use their own names. */
export function questionField(q: Question, name: string, c: FieldContext): TemplateResult {
  const { m } = c.l;
  const { id, desc } = ids(name);
  const { value, fixed } = initial(c, name);
  const invalid = c.errors[name] ? "true" : nothing;
  const describe = describedBy(name, c, Boolean(q.description));
  const description = q.description
    ? html`<p id=${desc} class="muted description">${q.description}</p>`
    : nothing;
  const optional = q.required ? nothing : html` <span class="muted">(${m.optional})</span>`;
  const label = html`<label for=${id}>${q.label}${optional}</label>`;
  // A fixed select or box cannot be read-only: it is disabled and its value travels hidden.
  const hidden = fixed
    ? value.map((v) => html`<input type="hidden" name=${name} .value=${v} />`)
    : nothing;
  switch (q.type) {
    case "checkbox":
      return html`<div class="question check">
        <input id=${id} name=${name} type="checkbox" value="on" .checked=${value[0] === "on"}
          ?required=${q.required} ?disabled=${fixed} aria-invalid=${invalid}
          aria-describedby=${describe} />
        ${label}${
          q.link
            ? html` <a href=${q.link.url} target="_blank" rel="noopener noreferrer">${q.link.label}</a>`
            : nothing
        }
        ${hidden}${description}${fieldError(name, c)}
      </div>`;
    case "multi_select":
      return html`<fieldset class="question" data-required=${q.required ? name : nothing}
        aria-describedby=${describe}>
        <legend>${q.label}${optional}</legend>
        ${description}
        ${(q.options ?? []).map(
          (o, i) => html`<div class="check">
            <input id=${`${id}-${i}`} name=${name} type="checkbox" .value=${o.id}
              .checked=${value.includes(o.id)} ?disabled=${fixed} aria-invalid=${invalid} />
            <label for=${`${id}-${i}`}>${o.label}</label>
          </div>`,
        )}
        ${hidden}${fieldError(name, c)}
      </fieldset>`;
    case "select":
    case "country": {
      const options =
        q.type === "country" ? countryList(c.l.tag) : (q.options ?? []).map((o) => [o.id, o.label]);
      return html`<div class="question">
        ${label}${description}
        <select id=${id} name=${name} ?required=${q.required} ?disabled=${fixed}
          autocomplete=${q.type === "country" ? "country" : nothing}
          aria-invalid=${invalid} aria-describedby=${describe}>
          <option value="">${m.choose}</option>
          ${options.map(
            ([v, text]) => html`<option .value=${v!} ?selected=${value[0] === v}>${text}</option>`,
          )}
        </select>
        ${hidden}${fieldError(name, c)}
      </div>`;
    }
    case "long_text":
      return html`<div class="question">
        ${label}${description}
        <textarea id=${id} name=${name} rows="3" maxlength="5000" ?required=${q.required}
          ?readonly=${fixed} .value=${value[0] ?? ""} aria-invalid=${invalid}
          aria-describedby=${describe}></textarea>
        ${fieldError(name, c)}
      </div>`;
    default: {
      const type = { number: "number", date: "date", phone: "tel" }[q.type as string] ?? "text";
      return html`<div class="question">
        ${label}${description}
        <input id=${id} name=${name} type=${type} step=${type === "number" ? "any" : nothing}
          autocomplete=${type === "tel" ? "tel" : nothing} maxlength=${type === "text" ? 1000 : nothing}
          ?required=${q.required} ?readonly=${fixed} .value=${value[0] ?? ""}
          aria-invalid=${invalid} aria-describedby=${describe} />
        ${fieldError(name, c)}
      </div>`;
    }
  }
}
