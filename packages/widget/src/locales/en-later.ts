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
  paid: "Payment received. Your tickets:",
  ticketCode: "Ticket code",
  expired: "The time to pay has run out and the seats were released. Nothing was charged.",
  cancelled: "This order was cancelled.",
  manualReview:
    "Your payment arrived but needs a check by the organizer. You will not be charged twice; they will contact you.",
  startOver: "Choose tickets again",
  promoLabel: "Promo code",
  promoApply: "Apply",
  promoRemove: "Remove code",
  promoApplied: (code: string) => `Code ${code} applied`,
  promoPercent: (percent: number) => `${percent}% off`,
  promoAmountOff: (amount: string) => `${amount} off`,
  promoSetPrice: (amount: string) => `${amount} per ticket`,
  promoProblems: {
    promo_code_unknown: "This code is not valid. Check its spelling.",
    promo_code_expired: "This code has expired or is not valid yet.",
    promo_code_used_up: "This code has been used up.",
    promo_code_not_applicable: "This code does not apply to the tickets you chose.",
  },
  discount: (code: string) => `Discount (${code})`,
  fees: "Fees",
  vatIncluded: (amount: string) => `Includes ${amount} VAT`,
  vat: "VAT",
};
