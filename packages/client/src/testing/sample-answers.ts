import type {
  AdminOrder,
  CancellationInfo,
  Checkout,
  Event,
  Hold,
  OrderPage,
  OrderStatus,
  PaymentLink,
  PromoCode,
  PromoCodeCheck,
  PromoCodeList,
  PromoCodeUses,
  Reconciliation,
  Ticket,
  Timeline,
  WaitlistEntry,
  WaitlistPage,
} from "../contract/index.js";

// Valid answers of every route, for msw handlers. Tests change one field to break one.

export const TOKEN = "tok_0123456789abcdefghijklmnopqrstuv";
export const BASE_URL = "https://tickets.test/admit";

const eur = (amount: number) => ({ amount, currency: "EUR" });

export const event: Event = {
  id: "spring-gala",
  name: "Spring Gala",
  startsAt: "2027-04-01T18:00:00Z",
  currency: "EUR",
  status: "on_sale",
  collectAttendees: false,
  tiers: [
    {
      id: "adult",
      name: "Adult",
      price: eur(4500),
      availability: "available",
      remaining: 120,
      minPerOrder: 1,
      maxPerOrder: 10,
      waitlist: false,
    },
  ],
};

export const hold: Hold = {
  id: "hold_abcdefgh1234",
  eventId: "spring-gala",
  items: [{ tierId: "adult", quantity: 2 }],
  total: eur(9000),
  status: "active",
  expiresAt: "2027-03-01T12:10:00Z",
  now: "2027-03-01T12:00:00Z",
  token: TOKEN,
};

export const ticket: Ticket = {
  id: "tkt_abcdefgh1234",
  code: "ADM-7Q2K9X",
  tierId: "adult",
  tierName: "Adult",
  attendee: { name: "Ada Lovelace" },
  status: "valid",
  checkedInAt: null,
};

export const orderStatus: OrderStatus = {
  id: "ord_abcdefgh1234",
  eventId: "spring-gala",
  status: "pending_payment",
  total: eur(9000),
  refunded: eur(0),
  expiresAt: "2027-03-01T12:10:00Z",
  tickets: [],
  nextPollMs: 2000,
};

export const paidOrderStatus: OrderStatus = {
  ...orderStatus,
  status: "paid",
  tickets: [ticket, { ...ticket, id: "tkt_abcdefgh5678", code: "ADM-3M8P1Z" }],
};

export const checkout: Checkout = {
  order: orderStatus,
  orderToken: TOKEN,
  paymentUrl: "https://pay.test/session/123",
  paymentExpiresAt: "2027-03-01T12:10:00Z",
};

export const waitlistEntry: WaitlistEntry = {
  id: "wl_abcdefgh1234",
  eventId: "spring-gala",
  tierId: "adult",
  quantity: 2,
  position: 3,
  createdAt: "2027-03-01T12:00:00Z",
};

export const adminOrder: AdminOrder = {
  id: "ord_abcdefgh1234",
  eventId: "spring-gala",
  status: "paid",
  total: eur(9000),
  refunded: eur(0),
  breakdown: { net: 7563, tax: 1437, fee: 0, discount: 0, gross: 9000 },
  refundedBreakdown: { net: 0, tax: 0, fee: 0, discount: 0, gross: 0 },
  buyer: { name: "Ada Lovelace", email: "ada@example.com" },
  createdAt: "2027-03-01T12:00:00Z",
  updatedAt: "2027-03-01T12:05:00Z",
  payments: [
    {
      id: "pay_abcdefgh1234",
      provider: "sandbox",
      status: "captured",
      amount: eur(9000),
      captured: eur(9000),
      refunded: eur(0),
      role: "order",
      providerReference: "sbx_pay_123",
      createdAt: "2027-03-01T12:01:00Z",
    },
  ],
  paidAt: "2027-03-01T12:02:00Z",
  paidWith: {
    paymentAttemptId: "pay_abcdefgh1234",
    provider: "sandbox",
    providerReference: "sbx_pay_123",
  },
  lines: [
    {
      tierId: "adult",
      tierName: "Adult",
      quantity: 2,
      unitPrice: eur(4500),
      total: eur(9000),
      breakdown: { net: 7563, tax: 1437, fee: 0, discount: 0, gross: 9000 },
    },
  ],
  answers: { company: "Analytical Engines Ltd" },
  tickets: [{ ...ticket, answers: { "shirt-size": "m" } }],
  refunds: [],
  paymentLinks: [],
};

export const orderPage: OrderPage = { items: [adminOrder], nextCursor: "c_2" };

export const timeline: Timeline = {
  items: [
    {
      id: "tl_abcdefgh1234",
      at: "2027-03-01T12:00:00Z",
      type: "order.created",
      actor: { system: "checkout" },
      data: {},
    },
  ],
};

export const cancellation: CancellationInfo = {
  orderId: "ord_abcdefgh1234",
  cancellable: true,
  refundable: eur(9000),
  tickets: [
    { ticketId: "tkt_abcdefgh1234", status: "valid", cancellable: true, refundable: eur(4500) },
  ],
};

export const paymentLink: PaymentLink = {
  id: "lnk_abcdefgh1234",
  orderId: "ord_abcdefgh1234",
  url: "https://pay.test/link/123",
  amount: eur(9000),
  reference: "INV-42",
  status: "active",
  expiresAt: "2027-03-08T12:00:00Z",
  paymentAttemptId: "pay_abcdefgh1234",
  createdAt: "2027-03-01T12:00:00Z",
  createdBy: { id: "staff_1", name: "Box office" },
};

export const waitlistPage: WaitlistPage = {
  items: [
    {
      id: "wl_abcdefgh1234",
      eventId: "spring-gala",
      tierId: "adult",
      email: "ada@example.com",
      quantity: 2,
      status: "offered",
      position: null,
      offer: {
        orderId: "ord_abcdefgh1234",
        orderStatus: "pending_payment",
        paymentLinkId: "lnk_abcdefgh1234",
        url: "https://pay.test/link/123",
        expiresAt: "2027-03-02T12:00:00Z",
      },
      createdAt: "2027-03-01T12:00:00Z",
      updatedAt: "2027-03-01T12:00:00Z",
    },
    {
      id: "wl_bcdefghi2345",
      eventId: "spring-gala",
      tierId: "adult",
      email: "grace@example.com",
      quantity: 1,
      status: "waiting",
      position: 1,
      createdAt: "2027-03-01T12:01:00Z",
      updatedAt: "2027-03-01T12:01:00Z",
    },
  ],
  nextCursor: "c_2",
};

export const reconciliation: Reconciliation = {
  eventId: "spring-gala",
  ticketsSold: 10,
  entries: 8,
  ticketsRefunded: 1,
  providers: [{ provider: "sandbox", captured: eur(45000), refunded: eur(4500) }],
  breakdown: [
    {
      currency: "EUR",
      charged: { net: 37815, tax: 7185, fee: 0, discount: 0, gross: 45000 },
      refunded: { net: 3782, tax: 718, fee: 0, discount: 0, gross: 4500 },
    },
  ],
  mismatches: [],
};

export const promoCode: PromoCode = {
  eventId: "spring-gala",
  code: "EARLY20",
  discount: { kind: "percent", basisPoints: 2000 },
  scope: "ticket",
  tierIds: ["adult"],
  maxUses: 100,
  maxUsesPerOrder: 4,
  validUntil: "2027-04-01T00:00:00Z",
  unlocksTierIds: [],
  enabled: true,
  uses: 3,
  createdAt: "2027-03-01T10:00:00Z",
  updatedAt: "2027-03-01T10:00:00Z",
};

export const promoCodeList: PromoCodeList = { items: [promoCode] };

export const promoCodeUses: PromoCodeUses = {
  items: [
    {
      holdId: "hold_abcdefgh1234",
      orderId: "ord_abcdefgh1234",
      counted: true,
      uses: 2,
      holdStatus: "converted",
      orderStatus: "paid",
      discount: eur(1800),
      createdAt: "2027-03-01T12:00:00Z",
    },
  ],
};

export const promoCodeCheck: PromoCodeCheck = {
  code: "EARLY20",
  discount: { kind: "percent", basisPoints: 2000 },
  scope: "ticket",
  tierIds: ["adult"],
  unlocksTierIds: [],
  unlockedTiers: [],
};
