import type { ReactiveController, ReactiveElement } from "lit";

/** The first element matching `selector` in `root` or in the shadow roots below it. */
function findTarget(root: ShadowRoot | Element | null, selector: string): HTMLElement | null {
  if (!root) return null;
  let found = root.querySelector<HTMLElement>(selector);
  for (const el of root.querySelectorAll("*")) found ??= findTarget(el.shadowRoot, selector);
  return found;
}

/** Where the buyer is: the screen, and the problem it shows, if any. */
export interface Place {
  readonly screen: string;
  readonly problem?: string | undefined;
}

/**
 * Keeps the buyer's place when the widget changes screen (WCAG 2.4.3): the control they used
 * is usually gone from the new screen, or disabled while the step ran, and focus would fall to
 * `<body>`. Focus moves to the new screen's `[data-focus]` element (else its heading), or to
 * the problem message when a step failed and left the buyer on the same screen. It moves only
 * when focus was in the widget and got lost, so a screen the buyer did not cause (first load,
 * a poll result after returning from payment) never takes focus from the host page.
 *
 * @example
 * new ScreenFocus(this, () => placeOf(this.state));
 */
export class ScreenFocus implements ReactiveController {
  /** Focus is in the widget, or was until the element holding it was removed or disabled. */
  private inside = false;
  private place: Place = { screen: "" };

  constructor(
    private readonly host: ReactiveElement,
    private readonly placeOf: () => Place,
  ) {
    host.addController(this);
  }

  private readonly onFocusIn = (e: FocusEvent) => {
    this.inside = e.composedPath().includes(this.host);
  };

  private readonly onFocusOut = (e: FocusEvent) => {
    const left = e.composedPath()[0] as HTMLElement;
    // Focus left for nowhere: the buyer clicked the page, unless the element was taken away
    // or disabled. Disabled is checked now: a quick answer may enable it again before later.
    const disabled = left.matches(":disabled");
    if (!e.relatedTarget) {
      setTimeout(() => {
        if (left.isConnected && !disabled) this.inside = false;
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
    const place = this.placeOf();
    const { screen, problem } = this.place;
    if (place.screen === screen && (place.problem === problem || !place.problem)) {
      // Kept as is when nothing changed: a pending move (waiting for a screen's chunk across
      // further updates) goes on as long as the place it is for is the current one.
      if (place.problem !== problem) this.place = place;
      return;
    }
    this.place = place;
    const active = document.activeElement;
    if (this.inside && (!active || active === document.body || active === this.host)) {
      void this.move(place);
    }
  }

  private async move(place: Place): Promise<void> {
    const root = this.host.renderRoot as ShadowRoot;
    // The new screen's parts render in their own updates, after this element's; a part whose
    // chunk is still loading is waited for until it is defined.
    await Promise.all(
      [...root.querySelectorAll("*")].map(async (el) => {
        if (el.localName.includes("-")) await customElements.whenDefined(el.localName);
        return (el as Partial<ReactiveElement>).updateComplete;
      }),
    );
    if (place !== this.place) return;
    const target = place.problem
      ? findTarget(root, "[part=problem]")
      : (findTarget(root, "[data-focus]") ?? root.querySelector("h2"));
    target?.focus();
  }
}
