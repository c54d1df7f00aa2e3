/**
 * `@admit/server-kit`: holds, orders and server-verified payments on PostgreSQL, behind one
 * Fetch API handler. Adapters: `@admit/server-kit/express`, `@admit/server-kit/fastify`.
 * @module
 */
export type {
  AdmitOptions,
  AppleWalletOptions,
  OutboundWebhookOptions,
  PaymentLinkOptions,
  RateLimitOptions,
  RateLimitStore,
  SignedTicketCodeOptions,
  WaitlistOptions,
} from "./admit-options.js";
export {
  type Admit,
  type BackgroundWorkOptions,
  createAdmit,
  type HandleContext,
} from "./create-admit.js";
export { verifyAdmitWebhook, type WebhookHeaders } from "./crypto/verify-admit-webhook.js";
export { AdmitError, isAdmitError } from "./errors/admit-error.js";
export { isServerKitError, ServerKitError } from "./errors/server-kit-error.js";
export * from "./providers/payment-provider.js";
export type {
  AdmitOrderWebhookEvent,
  AdmitWaitlistOfferedWebhookEvent,
  AdmitWebhookEvent,
  ConfirmationEmail,
  OrderEvent,
  OrderNotification,
  WaitlistOffer,
} from "./services/notifications/notification-types.js";
export {
  type ConfirmationLinks,
  type OrderConfirmationOptions,
  type RenderedConfirmation,
  renderOrderConfirmation,
} from "./services/notifications/order-confirmation.js";
export type { DocumentLocale } from "./services/orders/receipt-format.js";
export { migrate } from "./store/migrate.js";
export type { Migration } from "./store/migrations.js";
export { createPgliteStore, type PgliteStoreOptions } from "./store/pglite-store.js";
export { createPostgresStore, type PostgresStoreOptions } from "./store/postgres-store.js";
export type { Queryable, Store } from "./store/store.js";
