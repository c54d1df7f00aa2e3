import type { WidgetProblemCode } from "../state/widget-state.js";

/**
 * English messages of the screens after the first (the held screen, the order screens, the
 * waitlist form), and the problems other than `network`, `timeout` and `unknown`. They travel
 * in a chunk of their own; see `addLaterEnglish` and `loadLaterEnglish`.
 */
export const enLater = {
  release: "Release",
  pay: (amount: string) => `Pay ${amount}`,
  paying: "Preparing payment…",
  name: "Name",
  email: "Email",
  attendee: (n: number, tier: string) => `Name on ticket ${n} (${tier})`,
  ticketHeading: (n: number, tier: string) => `Ticket ${n}: ${tier}`,
  optional: "optional",
  choose: "Choose…",
  required: "Please fill this in.",
  mustTick: "Please tick this box to continue.",
  chooseOne: "Please choose at least one.",
  invalid: "Please check this value.",
  waitlistTitle: (tier: string) => `Waitlist for ${tier}`,
  waitlistCancel: "Cancel",
  waitlistJoined: (n: number) =>
    `You are on the waitlist, number ${n}. We will email you if seats become available.`,
  heldFor: (time: string) => `Your tickets are reserved for ${time}.`,
  timeLeft: (time: string) => `${time} left to complete your order.`,
  lessThan: (time: string) => `Less than ${time} left to complete your order.`,
  reserved: "Reserved for you",
  releaseAsk: "Release these seats? Others can then buy them.",
  keep: "Keep them",
  heldUntil: (time: string, clock: string) =>
    `Your seats are still held for ${time} (until ${clock}).`,
  released: "The seats were released.",
  notCompleted:
    "The payment was not completed: cancelled at the payment page, or not accepted. Nothing was charged.",
  orderTotal: (amount: string) => `Order total: ${amount}`,
  redirecting: "Taking you to the secure payment page…",
  popup: "Complete the payment in the window that opened.",
  continueToPayment: "Continue to payment",
  confirming: "Confirming your payment. This page updates by itself.",
  progress: "Confirming payment",
  paid: "Payment received. Thank you for your order.",
  ticketCode: "Ticket code",
  orderNumber: "Order number",
  totalPaid: "Total paid",
  refunded: "Refunded",
  confirmationSent: (email: string) => `A confirmation was sent to ${email}.`,
  yourOrder: "Your order",
  yourTickets: "Your tickets",
  ticketQr: (code: string) => `QR code of ticket ${code}`,
  ticketVoid: "Void: this ticket was refunded and no longer admits.",
  downloadPdf: "Download tickets (PDF)",
  addToCalendar: "Add to calendar (.ics)",
  addToWallet: "Add to Apple Wallet",
  expired: "The time to pay has run out and the seats were released. Nothing was charged.",
  cancelled: "This order was cancelled.",
  manualReview:
    "Your payment arrived but needs a check by the organizer. You will not be charged twice; they will contact you.",
  startOver: "Choose tickets again",
  problems: {
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
