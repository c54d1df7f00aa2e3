import type { WidgetProblemCode } from "../state/widget-state.js";
import type { Messages } from "./en-all.js";
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
  problems: {
    network: "We could not reach the ticket server. Check your connection and try again.",
    timeout: "The ticket server took too long to answer. Please try again.",
    unknown: "Something went wrong on our side. Please try again in a moment.",
    invalid_request: "Some details are not valid. Please check the form.",
    not_found: "These tickets could not be found. Reload the page or contact the organizer.",
    not_on_sale: "These tickets are not on sale right now.",
    sold_out: "Not enough seats are left. Choose fewer tickets or join the waitlist.",
    limit_exceeded: "That is more than one order may have. Choose fewer tickets.",
    hold_not_active: "Your reservation has ended. Reserve again to continue.",
    order_not_payable: "This order can no longer be paid. Choose tickets again.",
    idempotency_in_progress: "Your request is still being processed. Wait a moment and try again.",
    rate_limited: "Too many attempts. Wait a minute and try again.",
    busy: "The ticket server is busy and nothing was changed. Please try again.",
    provider_unavailable:
      "The payment service did not answer. Nothing was charged. Please try again.",
    internal_error: "Something went wrong on the ticket server. Please try again in a moment.",
  } satisfies Partial<Record<WidgetProblemCode, string>>,
};

/**
 * The English catalogue. The later screens' messages join it when the first of their chunks
 * runs (`addLaterEnglish`), before any of their elements renders, so the script that shows
 * the tiers does not carry them.
 */
export const english = en as Messages;

/** Completes {@link english} with the later screens' messages; called by their chunks. */
export function addLaterEnglish(later: typeof enLater): void {
  Object.assign(en, later);
}
