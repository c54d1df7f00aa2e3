import type { AdmitTickets, WidgetStateName } from "@admit/widget";
import type { LitElement } from "lit";
import { expect, userEvent, waitFor, within } from "storybook/test";

/** How long a story waits for the widget to reach a state (msw answers in milliseconds). */
const STATE_TIMEOUT_MS = 8_000;

type Queries = ReturnType<typeof within>;
type RoleArgs = Parameters<Queries["queryAllByRole"]>;
type TextArgs = Parameters<Queries["queryAllByText"]>;

/** The `<admit-tickets>` a story rendered. */
export function widgetIn(canvasElement: HTMLElement): AdmitTickets {
  const widget = canvasElement.querySelector("admit-tickets");
  if (!widget) throw new Error("the story rendered no <admit-tickets>");
  return widget;
}

/**
 * Waits until the widget shows `name`, read from its public CSS custom state
 * (`admit-tickets:state(name)`), the same hook a host page styles with.
 */
export async function waitForState(widget: AdmitTickets, name: WidgetStateName): Promise<void> {
  await waitFor(() => expect(widget.matches(`:state(${name})`)).toBe(true), {
    timeout: STATE_TIMEOUT_MS,
  });
  // A later screen is a chunk loaded when first needed: its parts render once defined.
  for (let i = 0; i < 3; i++) {
    const parts = shadowRoots(widget).flatMap((root) => Array.from(root.querySelectorAll("*")));
    await Promise.all(
      parts
        .filter((el) => el.localName.includes("-"))
        .map(async (el) => {
          await customElements.whenDefined(el.localName);
          await (el as Partial<LitElement>).updateComplete;
        }),
    );
  }
}

/** Every open shadow root inside `host`, outermost first. */
function shadowRoots(host: Element): ShadowRoot[] {
  const roots: ShadowRoot[] = [];
  const visit = (root: ShadowRoot) => {
    roots.push(root);
    for (const element of Array.from(root.querySelectorAll("*")))
      if (element.shadowRoot) visit(element.shadowRoot);
  };
  if (host.shadowRoot) visit(host.shadowRoot);
  return roots;
}

function exactlyOne(found: HTMLElement[], what: string): HTMLElement {
  if (found.length !== 1) {
    throw new Error(`expected one ${what} in <admit-tickets>, found ${found.length}`);
  }
  return found[0]!;
}

/**
 * Testing Library queries (Storybook's instrumented ones) run in every shadow root of the
 * widget, since its parts are nested custom elements, each with its own shadow DOM.
 * Queries read what assistive technology reads: roles, accessible names, label text.
 *
 * @example await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Reserve" }));
 */
export function shadowScreen(widget: AdmitTickets) {
  const all = (query: (q: Queries) => HTMLElement[]) =>
    shadowRoots(widget).flatMap((root) => query(within(root as unknown as HTMLElement)));
  const describe = (args: RoleArgs) => `${String(args[0])} ${JSON.stringify(args[1] ?? {})}`;
  const screen = {
    queryAllByRole: (...args: RoleArgs) => all((q) => q.queryAllByRole(...args)),
    queryByRole: (...args: RoleArgs) => screen.queryAllByRole(...args)[0] ?? null,
    getByRole: (...args: RoleArgs) => exactlyOne(screen.queryAllByRole(...args), describe(args)),
    findByRole: (...args: RoleArgs) => waitFor(() => screen.getByRole(...args)),
    getByText: (...args: TextArgs) =>
      exactlyOne(
        all((q) => q.queryAllByText(...args)),
        `text ${String(args[0])}`,
      ),
    findByLabelText: (label: string) =>
      waitFor(() =>
        exactlyOne(
          all((q) => q.queryAllByLabelText(label)),
          `field labelled ${label}`,
        ),
      ),
  };
  return screen;
}

/**
 * The widget's text through all its shadow roots, whitespace collapsed: what a screen reader
 * can reach (the live region included), for asserting messages a buyer gets.
 */
export function widgetText(widget: AdmitTickets): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? "");
    const element = node as Element;
    if (element.shadowRoot) walk(element.shadowRoot);
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(widget);
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** Types `quantity` into the tier's spinbutton as a buyer does, replacing what it held. */
export async function chooseSeats(
  widget: AdmitTickets,
  tierName: string,
  quantity: number,
): Promise<void> {
  const field = shadowScreen(widget).getByRole("spinbutton", { name: `Quantity for ${tierName}` });
  const length = (field as HTMLInputElement).value.length;
  await userEvent.type(field, `${quantity}`, {
    initialSelectionStart: 0,
    initialSelectionEnd: length,
  });
  // A browser commits the edit (`change`) when the buyer leaves the field; user-event tracks
  // that only for fields in the document, not in shadow roots, so commit it the same way.
  field.dispatchEvent(new Event("change", { bubbles: true }));
}
