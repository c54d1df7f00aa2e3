/**
 * `@admit/server-kit/sandbox`: a local payment service provider for development, the demo and
 * tests, and the {@link PaymentProvider} that talks to it.
 * @module
 */
export type { PaymentProvider, SignedPaymentProvider } from "../payment-provider.js";
export { generateWebhookSecret } from "./generate-webhook-secret.js";
export type {
  SandboxPayment,
  SandboxPaymentStatus,
  SandboxRefundFailure,
} from "./sandbox-payment.js";
export { type SandboxProviderOptions, sandboxProvider } from "./sandbox-provider.js";
export { createSandboxService, type SandboxService } from "./sandbox-service.js";
export type { SandboxServiceOptions } from "./sandbox-service-options.js";
