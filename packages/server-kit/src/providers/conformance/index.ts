/**
 * `@admit/server-kit/testing`: the conformance suites a payment provider runs to show it keeps
 * the kit's rules, one per notification model. Vitest-based: call a suite at the top level of a
 * vitest test file (`vitest` is an optional peer dependency of the kit, needed only here).
 * @module
 */
export type {
  LookupPaymentProvider,
  PaymentProvider,
  SignedPaymentProvider,
} from "../payment-provider.js";
export {
  type BuyerChoice,
  type ConformanceDriver,
  type DeliveredNotification,
  type LookupConformanceSubject,
  lookupProviderConformance,
  type SignedConformanceDriver,
  type SignedConformanceSubject,
  signedProviderConformance,
} from "./provider-conformance.js";
