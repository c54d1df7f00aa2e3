/**
 * `@admit/server-kit/mollie`: the {@link LookupPaymentProvider} for Mollie's Payments API. Needs
 * the `@mollie/api-client` package (an optional peer dependency of the kit).
 * @module
 */
export type { LookupPaymentProvider, PaymentProvider } from "../payment-provider.js";
export { fromMollieAmount, minorUnitExponent, toMollieAmount } from "./mollie-amount.js";
export type { MollieAdmitMetadata } from "./mollie-payment.js";
export { mollieProvider } from "./mollie-provider.js";
export type { MollieProviderOptions } from "./mollie-provider-options.js";
