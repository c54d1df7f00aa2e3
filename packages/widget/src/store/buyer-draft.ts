/**
 * What the buyer typed into the buyer form (name, email, answers, attendees), kept per widget in
 * `sessionStorage` apart from the session (`session-store.ts`): the session ends with a hold
 * that expires, a release or a new start, the draft does not, so a hold that expires, a reload,
 * a declined payment and "Reserve again" keep it. It lives as long as the browser tab, like the
 * session; the order's details are on the server once it is paid. Part of the held screen's chunk.
 * @module
 */

/** Form field values by field name: one string, or several (a multi-select's ticked options). */
export type Draft = Record<string, string | string[]>;

/** Used when `sessionStorage` throws, as for the session: kept for the life of the page. */
const memory = new Map<string, string>();

/**
 * The draft of the widget `key` names (API, event and the widget's position among its event's
 * widgets, as the session), or undefined when nothing was typed yet. Malformed values are dropped.
 */
export function readDraft(key: string): Draft | undefined {
  let text: string | null | undefined;
  try {
    text = sessionStorage.getItem(key) ?? memory.get(key);
  } catch {
    text = memory.get(key);
  }
  try {
    const saved = JSON.parse(text ?? "null") as unknown;
    if (!saved || typeof saved !== "object") return undefined;
    const draft: Draft = {};
    for (const [name, value] of Object.entries(saved))
      if (
        typeof value === "string" ||
        (Array.isArray(value) && value.every((v) => typeof v === "string"))
      )
        draft[name] = value;
    return draft;
  } catch {
    return undefined;
  }
}

/** Saves the draft of the widget `key` names. */
export function writeDraft(key: string, draft: Draft): void {
  const text = JSON.stringify(draft);
  try {
    sessionStorage.setItem(key, text);
    memory.delete(key);
  } catch {
    memory.set(key, text);
  }
}

/** Every field of `form` with a name, as a draft (hidden fields and buttons left out). */
export function formDraft(form: HTMLFormElement): Draft {
  const draft: Draft = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== "string") continue;
    const before = draft[name];
    draft[name] =
      before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return draft;
}
