/**
 * English messages of the screens after the first (the held screen, the order screens, the
 * waitlist form). They travel in those screens' chunks; see `addLaterEnglish`.
 */
export const enLater = {
  release: "Release",
  pay: (amount: string) => `Pay ${amount}`,
  paying: "Preparing payment…",
  name: "Name",
  email: "Email",
  attendee: (n: number, tier: string) => `Name on ticket ${n} (${tier})`,
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
};
