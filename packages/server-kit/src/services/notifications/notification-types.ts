// What the host hears: the normalized notification and the outbound webhook bodies. Types only,
// so options, crypto and services can all name them without importing each other.

/** What the host hears after every order status change (`onOrderEvent`). Never a provider payload. */
export interface OrderNotification {
  orderId: string;
  status: string;
  amount: number;
  currency: string;
  /** The provider's reference of the latest payment attempt, if any. */
  providerReference: string | null;
  /** RFC 3339, when the order became paid. */
  paidAt: string | null;
  /** The host's reference given at checkout. */
  reference: string | null;
}

/** A rendered confirmation e-mail, ready for the host's mailer. */
export interface ConfirmationEmail {
  /** The buyer's address. */
  to: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * What `onOrderEvent` hears: the notification, and on `paid` with `sendsConfirmationEmail`
 * the confirmation e-mail to send (its links carry the order's download token, so it is never
 * in an outbound webhook's body).
 */
export interface OrderEvent extends OrderNotification {
  confirmation?: ConfirmationEmail;
}

/**
 * What the organizer's backend hears when the kit offers seats to a waitlist entry (outbound
 * webhook `waitlist.offered`), so it can e-mail the buyer the payment page.
 */
export interface WaitlistOffer {
  waitlistId: string;
  eventId: string;
  tierId: string;
  email: string;
  /** The name given when joining, if any. */
  name: string | null;
  quantity: number;
  /** The `pending_payment` order that holds the seats until `expiresAt`. */
  orderId: string;
  /** The provider's payment page for the buyer. */
  paymentUrl: string;
  /** RFC 3339: the offer, its seats and its payment page end then. */
  expiresAt: string;
}

/**
 * The body of every outbound webhook: the Standard Webhooks envelope around the normalized
 * notification `onOrderEvent` hears. Never a provider payload, a token or a secret.
 *
 * @example
 * { "type": "order.paid", "timestamp": "2025-05-01T09:30:12.345Z",
 *   "data": { "orderId": "ord_…", "status": "paid", "amount": 9000, "currency": "EUR",
 *             "providerReference": "pay_…", "paidAt": "2025-05-01T09:30:12.345Z", "reference": "INV-7" } }
 */
export type AdmitWebhookEvent = AdmitOrderWebhookEvent | AdmitWaitlistOfferedWebhookEvent;

/** An order's new status. */
export interface AdmitOrderWebhookEvent {
  /** `order.` + the new status, e.g. `order.paid`, `order.expired`, `order.partially_refunded`. */
  type: `order.${string}`;
  /** RFC 3339, when the status changed (the database's clock); orders deliveries that overtook each other. */
  timestamp: string;
  data: OrderNotification;
}

/**
 * Seats that came back were offered to a waitlist entry: e-mail `data.paymentUrl` to
 * `data.email`; the offer ends at `data.expiresAt` (then the next entry is offered the seats).
 *
 * @example
 * { "type": "waitlist.offered", "timestamp": "2025-05-01T09:30:12.345Z",
 *   "data": { "waitlistId": "wl_…", "eventId": "gala", "tierId": "ga", "email": "ada@example.com",
 *             "name": "Ada", "quantity": 2, "orderId": "ord_…", "paymentUrl": "https://…",
 *             "expiresAt": "2025-05-02T09:30:12.345Z" } }
 */
export interface AdmitWaitlistOfferedWebhookEvent {
  type: "waitlist.offered";
  /** RFC 3339, when the offer was made (the database's clock). */
  timestamp: string;
  data: WaitlistOffer;
}
