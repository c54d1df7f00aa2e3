import type { ReactiveController, ReactiveElement } from "lit";

/** The first focus target in `root` or in the shadow roots below it. */
function findTarget(root: ShadowRoot | Element | null): HTMLElement | null {
  if (!root) return null;
  let found = root.querySelector<HTMLElement>("[data-focus]");
  for (const el of root.querySelectorAll("*")) found ??= findTarget(el.shadowRoot);
  return found;
}

/**
 * Keeps the buyer's place when the widget changes screen (WCAG 2.4.3): the control they used
 * is usually gone from the new screen, and focus would fall to `<body>`. Focus moves to the new
 * screen's `[data-focus]` element (else its heading), but only when it was in the widget before,
 * so a screen the buyer did not cause (first load, a poll result after returning from payment)
 * never takes focus from the host page.
 *
 * @example
 * new ScreenFocus(this, () => screenOf(this.state));
 */
export class ScreenFocus implements ReactiveController {
  /** Focus is in the widget, or was until the element holding it was removed or disabled. */
  private inside = false;
  private screen = "";

  constructor(
    private readonly host: ReactiveElement,
    private readonly screenOf: () => string,
  ) {
    host.addController(this);
  }

  private readonly onFocusIn = (e: FocusEvent) => {
    this.inside = e.composedPath().includes(this.host);
  };

  private readonly onFocusOut = (e: FocusEvent) => {
    const left = e.composedPath()[0] as HTMLElement;
    // Focus left for nowhere: the buyer clicked the page, unless the element was taken away.
    if (!e.relatedTarget) {
      setTimeout(() => {
        if (left.isConnected && !left.matches(":disabled")) this.inside = false;
      });
    }
  };

  hostConnected(): void {
    document.addEventListener("focusin", this.onFocusIn, true);
    this.host.addEventListener("focusout", this.onFocusOut);
  }

  hostDisconnected(): void {
    document.removeEventListener("focusin", this.onFocusIn, true);
    this.host.removeEventListener("focusout", this.onFocusOut);
  }

  hostUpdated(): void {
    const screen = this.screenOf();
    if (screen === this.screen) return;
    this.screen = screen;
    const active = document.activeElement;
    if (this.inside && (!active || active === document.body || active === this.host)) {
      void this.move(screen);
    }
  }

  private async move(screen: string): Promise<void> {
    const root = this.host.renderRoot as ShadowRoot;
    // The new screen's parts render in their own updates, after this element's.
    await Promise.all(
      [...root.querySelectorAll("*")].map((el) => (el as Partial<ReactiveElement>).updateComplete),
    );
    if (screen !== this.screen) return;
    (findTarget(root) ?? root.querySelector("h2"))?.focus();
  }
}
