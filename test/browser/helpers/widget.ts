import "@admit/widget/define";
import type { AdmitTickets, WidgetStateName } from "@admit/widget";
import { MOCK_API } from "../../mocks/fixtures.js";

// WTR runs test files side by side in tabs of one headless window, so all but one page are
// "hidden", and the client rightly pauses polling there. A buyer looks at the page: say so.
Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });

const mounted: Element[] = [];

/** Adds an `<admit-tickets>` for the mock API to the page. */
export function mount(attributes: Record<string, string> = {}, parent: Element = document.body) {
  const el = document.createElement("admit-tickets");
  for (const [name, value] of Object.entries({
    event: "spring-gala",
    api: MOCK_API,
    ...attributes,
  })) {
    el.setAttribute(name, value);
  }
  parent.append(el);
  mounted.push(el);
  return el;
}

/** Removes every mounted widget and the session they kept. */
export function cleanUp(): void {
  for (const el of mounted.splice(0)) el.remove();
  sessionStorage.clear();
}

/** Resolves once `check` returns a truthy value; fails with `what` after `ms`. */
export async function until<T>(
  check: () => T,
  what = "condition",
  ms = 5000,
): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Waits for the widget's state machine to reach `name` and for the screen to render. */
export async function inState(el: AdmitTickets, name: WidgetStateName, ms?: number) {
  await until(() => el.state.name === name, `state ${name} (is ${el.state.name})`, ms);
  await settle(el);
}

/**
 * Waits for the element and every nested Lit element to finish rendering, including the parts
 * of a later screen whose chunk is still loading (they render once defined).
 */
export async function settle(root: Element): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const pending = [root, ...deepAll(root, "*")].filter(
      (e) => e.localName.includes("-") && !customElements.get(e.localName),
    );
    await Promise.all(pending.map((e) => customElements.whenDefined(e.localName)));
    const elements = [root, ...deepAll(root, "*")].filter((e) => "updateComplete" in e);
    await Promise.all(
      elements.map((e) => (e as unknown as { updateComplete: Promise<unknown> }).updateComplete),
    );
  }
}

/** `querySelectorAll` through every shadow root below `root`. */
export function deepAll(root: Element | ShadowRoot | Document, selector: string): Element[] {
  const found: Element[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    for (const el of node.querySelectorAll("*")) {
      if (el.matches(selector)) found.push(el);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  else visit(root);
  return found;
}

const ROLES: Record<string, string> = {
  button: "button",
  spinbutton: 'input[type="number"]',
  textbox: 'input:not([type="number"]):not([type="hidden"])',
  status: '[role="status"]',
  link: "a[href]",
  progressbar: "progress",
};

/** The accessible name as the widget builds it: aria-label, else its <label>, else its text. */
export function accessibleName(el: Element): string {
  const label = el.getAttribute("aria-label");
  if (label) return label.trim();
  const root = el.getRootNode() as ShadowRoot | Document;
  if (el.id) {
    const forLabel = root.querySelector(`label[for="${el.id}"]`);
    if (forLabel) return forLabel.textContent!.replace(/\s+/g, " ").trim();
  }
  return (el.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** All elements with `role` whose accessible name matches `name`. */
export function allByRole(root: Element, role: keyof typeof ROLES, name?: string | RegExp) {
  return deepAll(root, ROLES[role]!).filter((el) => {
    if (name === undefined) return true;
    const n = accessibleName(el);
    return typeof name === "string" ? n === name : name.test(n);
  }) as HTMLElement[];
}

/** The one element with `role` and accessible `name`. */
export function byRole<T extends HTMLElement = HTMLElement>(
  root: Element,
  role: keyof typeof ROLES,
  name?: string | RegExp,
): T {
  const found = allByRole(root, role, name);
  if (found.length !== 1) {
    throw new Error(`expected one ${role} named ${String(name)}, found ${found.length}`);
  }
  return found[0] as T;
}

/** Types into an input the way a buyer does (value + input event). */
export function type(input: HTMLElement, value: string): void {
  const el = input as HTMLInputElement;
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
  el.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
}

/** Everything the widget's live regions say right now. */
export function liveText(el: Element): string {
  return allByRole(el, "status")
    .map((r) => r.textContent!.trim())
    .join(" | ");
}

/** Records host events of the given types in order. */
export function recordEvents(el: Element, types: readonly string[]) {
  const seen: CustomEvent[] = [];
  for (const t of types) el.addEventListener(t, (e) => seen.push(e as CustomEvent));
  return seen;
}

/**
 * Control for a CSP test page that records `securitypolicyviolation` events in `violations`:
 * an `eval` the policy must refuse is recorded, so "no violations" meant something.
 */
export async function expectPolicyEnforced(win: Window & { violations?: string[] }) {
  try {
    (win as unknown as { eval(code: string): unknown }).eval("1");
  } catch {
    // Refused by the policy, as expected.
  }
  await until(() => win.violations!.length > 0, "the control violation");
}

/** Makes `sessionStorage` throw as blocked cookies do, until the returned function is called. */
export function blockStorage(): () => void {
  const { getItem, setItem, removeItem } = Storage.prototype;
  const blocked = () => {
    throw new DOMException("blocked", "SecurityError");
  };
  Object.assign(Storage.prototype, { getItem: blocked, setItem: blocked, removeItem: blocked });
  return () => Object.assign(Storage.prototype, { getItem, setItem, removeItem });
}
