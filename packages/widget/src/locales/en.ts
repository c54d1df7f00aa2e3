import type { WidgetProblemCode } from "../state/widget-state.js";

/**
 * English messages: the reference every other locale must match (`satisfies Messages`).
 * Problem messages say what happened and what the buyer can do, never the raw code. Only the
 * codes the public routes answer have one; any other (an admin or webhook code, a proxy's
 * `http_502`) reads as `unknown` (see `Localizer.problem`).
 */
export const en = {
  loading: "Loading tickets…",
  retry: "Try again",
  reserve: "Reserve",
  release: "Release",
  pay: (amount: string) => `Pay ${amount}`,
  paying: "Preparing payment…",
  name: "Name",
  email: "Email",
  attendee: (n: number, tier: string) => `Name on ticket ${n} (${tier})`,
  quantity: (tier: string) => `Quantity for ${tier}`,
  total: "Total",
  chooseTickets: "Choose at least one ticket.",
  available: "Available",
  limited: (n: number) => `Only ${n} left`,
  soldOut: "Sold out",
  notOnSale: (when?: string) => (when ? `On sale from ${when}` : "Not on sale yet"),
  ended: "Sales have ended",
  remaining: (n: number) => `${n} left`,
  waitlistJoin: "Join the waitlist",
  waitlistTitle: (tier: string) => `Waitlist for ${tier}`,
  waitlistCancel: "Cancel",
  waitlistJoined: (n: number) =>
    `You are on the waitlist, number ${n}. We will email you if seats become available.`,
  heldFor: (time: string) => `Your tickets are reserved for ${time}.`,
  timeLeft: (time: string) => `${time} left to complete your order.`,
  holdExpired: "Your reservation has expired and the seats were released.",
  reserveAgain: "Reserve again",
  redirecting: "Taking you to the secure payment page…",
  popup: "Complete the payment in the window that opened.",
  continueToPayment: "Continue to payment",
  confirming: "Confirming your payment. This page updates by itself.",
  progress: "Confirming payment",
  paid: "Payment received. Your tickets:",
  ticketCode: "Ticket code",
  failed: "The payment did not go through. Nothing was charged. You can try again.",
  expired: "The time to pay has run out and the seats were released. Nothing was charged.",
  cancelled: "This order was cancelled.",
  manualReview:
    "Your payment arrived but needs a check by the organizer. You will not be charged twice; they will contact you.",
  startOver: "Choose tickets again",
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

/** The shape every locale file exports. */
export type Messages = typeof en;
