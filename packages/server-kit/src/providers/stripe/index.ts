/**
 * `@admit/server-kit/stripe`: the {@link PaymentProvider} for Stripe Checkout. Needs the
 * `stripe` package (an optional peer dependency of the kit).
 * @module
 */
export type { PaymentProvider, SignedPaymentProvider } from "../payment-provider.js";
export { STRIPE_WEBHOOK_EVENTS, stripeProvider } from "./stripe-provider.js";
export type { StripeProviderOptions } from "./stripe-provider-options.js";
