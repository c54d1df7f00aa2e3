import type { Localizer } from "../locales/localizer.js";
import type { WidgetState } from "../state/widget-state.js";

/** What every screen chunk exports besides registering its elements. */
export interface ScreenModule {
  /** What the live region says when the widget enters one of the screen's states. */
  announcement(state: WidgetState, l: Localizer): string;
}

/**
 * The screens after the first, each a chunk of the script-tag build that registers its
 * elements when loaded. Until then `<admit-tickets>` renders their tags as unknown elements,
 * which upgrade in place once the chunk has run.
 */
const SCREENS: Readonly<
  Record<"held" | "order" | "waitlist" | "promo", () => Promise<ScreenModule>>
> = {
  held: () => import("./held-screen.js"),
  promo: () => import("./promo-screen.js"),
  order: () => import("./order-screen.js"),
  waitlist: () => import("./waitlist-screen.js"),
};

/** A screen that is a chunk of its own. */
export type ScreenName = keyof typeof SCREENS;

const loads = new Map<ScreenName, Promise<ScreenModule>>();

/**
 * Loads a screen's chunk once; later calls share the first load. A failed load (the buyer
 * went offline) is forgotten so the next call tries again.
 * @example await loadScreen("held");
 */
export function loadScreen(name: ScreenName): Promise<ScreenModule> {
  let load = loads.get(name);
  if (!load) {
    load = SCREENS[name]().catch((error: unknown) => {
      loads.delete(name);
      throw error;
    });
    loads.set(name, load);
  }
  return load;
}

/** The chunk a state's screen needs, if it is not the first screen. */
export function screenOf(s: WidgetState): ScreenName | undefined {
  switch (s.name) {
    case "loading":
    case "error":
    case "holding":
    case "hold-expired":
      return undefined;
    case "ready":
      return s.waitlist && "waitlist";
    case "waitlist-joined":
      return "waitlist";
    case "checking-out":
      return s.held ? "held" : "order";
    default:
      return s.name === "held" ? "held" : "order";
  }
}

/**
 * Loads, while the buyer chooses, the screens they will need next, so none of them waits for
 * the network: the held screen and the order screens, the waitlist form when a tier has a
 * waitlist, the promo-code field when the event has codes, and whatever else `also` loads. Runs when the browser is next idle (Safari, without
 * `requestIdleCallback`: after the current task).
 */
export function prefetchScreens(state: WidgetState, also: () => void): void {
  if (state.name !== "ready") return;
  const wanted: ScreenName[] = ["held", "order"];
  if (state.event.tiers.some((t) => t.waitlist)) wanted.push("waitlist");
  if (state.event.hasPromoCodes) wanted.push("promo");
  (window.requestIdleCallback ?? setTimeout)(() => {
    for (const name of wanted) loadScreen(name).catch(() => undefined);
    also();
  });
}
