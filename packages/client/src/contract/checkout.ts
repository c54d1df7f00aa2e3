import * as z from "zod/mini";
import { Attendee, OrderStatus } from "./order.js";
import {
  Email,
  HttpUrl,
  PersonName,
  Reference,
  ReturnUrl,
  Slug,
  Timestamp,
  Token,
} from "./primitives.js";
import { Answers } from "./questions.js";

export const Buyer = z.object({ name: PersonName, email: Email });
export type Buyer = z.infer<typeof Buyer>;

/** `POST /holds/:holdId/checkout`: registration for the held seats. */
export const CheckoutRequest = z.object({
  buyer: Buyer,
  /**
   * One per ticket when the event collects attendees or asks attendee questions, in the order of
   * the hold's items; `answers` to the event's attendee questions for that ticket's tier.
   */
  attendees: z.optional(
    /* @__PURE__ */ z
      .array(z.extend(Attendee, { tierId: Slug, answers: z.optional(Answers) }))
      .check(z.maxLength(1000)),
  ),
  /** Answers to the event's order questions, by question id. */
  answers: z.optional(Answers),
  /** Where the buyer lands after payment; must be on an allowed origin. */
  returnUrl: ReturnUrl,
  reference: z.optional(Reference),
});
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

/** The answer to a checkout or a new payment attempt: where to send the buyer. */
export const Checkout = z.object({
  order: OrderStatus,
  /** Secret for polling the order; keep it first-party (sessionStorage). */
  orderToken: Token,
  paymentUrl: HttpUrl,
  /** Equal to the hold's expiry: the provider refuses payment after it. */
  paymentExpiresAt: Timestamp,
});
export type Checkout = z.infer<typeof Checkout>;

/** `POST /orders/:orderId/payments`: a new payment attempt for the same order (after `failed`). */
export const PaymentAttemptRequest = z.object({
  /** Where the buyer lands after this attempt; defaults to the order's checkout `returnUrl`. */
  returnUrl: z.optional(ReturnUrl),
});
export type PaymentAttemptRequest = z.infer<typeof PaymentAttemptRequest>;
