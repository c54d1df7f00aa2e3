import type { WidgetProblemCode } from "../state/widget-state.js";
import type { enLater } from "./en-later.js";

/**
 * English messages of the first screen (tiers, reserving, problems); with `enLater` the
 * reference every other locale must match (`satisfies Messages`).
 * Problem messages say what happened and what the buyer can do, never the raw code. Only the
 * codes the public routes answer have one; any other (an admin or webhook code, a proxy's
 * `http_502`) reads as `unknown` (see `Localizer.problem`).
 */
export const en = {
  loading: "Loading tickets…",
  retry: "Try again",
  reserve: "Reserve",
  quantity: (tier: string) => `Quantity for ${tier}`,
  fewer: (tier: string) => `One fewer ${tier}`,
  more: (tier: string) => `One more ${tier}`,
  quantityRange: (min: number, max: number) =>
    min > 1 ? `Choose ${min} to ${max} tickets, or 0.` : `Choose 0 to ${max} tickets.`,
  total: "Total",
  chooseTickets: "Choose at least one ticket.",
  available: "Available",
  limited: (n: number) => `Only ${n} left`,
  soldOut: "Sold out",
  notOnSale: (when?: string) => (when ? `On sale from ${when}` : "Not on sale yet"),
  ended: "Sales have ended",
  remaining: (n: number) => `${n} left`,
  tax: (percent: number, inclusive: boolean) => `${inclusive ? "incl." : "+"} ${percent}% VAT`,
  fee: (amount: string, per: string) => `+ ${amount} fee${per === "order" ? " per order" : ""}`,
  waitlistJoin: "Join the waitlist",
  holdExpired: "Your reservation has expired and the seats were released.",
  reserveAgain: "Reserve again",
  // The problems the first script must say without loading anything: the network is gone, or
  // nothing more is known. The others are in `en-later.ts`, loaded when one is shown
  // (`loadLaterEnglish`) or earlier, with the later screens, while the buyer chooses.
  problems: {
    network: "We could not reach the ticket server. Check your connection and try again.",
    timeout: "The ticket server took too long to answer. Please try again.",
    unknown: "Something went wrong on our side. Please try again in a moment.",
  } satisfies Partial<Record<WidgetProblemCode, string>>,
};

/**
 * The English catalogue. The later screens' messages join it when the first of their chunks
 * runs (`addLaterEnglish`), before any of their elements renders, so the script that shows
 * the tiers does not carry them.
 */
export const english = en as typeof en & typeof enLater; // = `Messages` (en-all.ts), named here without importing it: en-all imports this file

/**
 * Completes {@link english} with the later screens' messages and the other problems; called by
 * their chunks (and by {@link loadLaterEnglish}).
 */
export function addLaterEnglish(later: typeof enLater): void {
  Object.assign(en, later, { problems: { ...en.problems, ...later.problems } });
}

let later: Promise<void> | undefined;

/**
 * Loads the later English messages (a chunk) and adds them; once. A failed load (offline) is
 * forgotten so the next call tries again; meanwhile a problem without its message reads as
 * `unknown` (see `Localizer.problem`).
 * @example await loadLaterEnglish(); english.problems.sold_out // "Not enough seats are left. …"
 */
export function loadLaterEnglish(): Promise<void> {
  later ??= import("./en-later.js").then(
    (m) => addLaterEnglish(m.enLater),
    (error: unknown) => {
      later = undefined;
      throw error;
    },
  );
  return later;
}
