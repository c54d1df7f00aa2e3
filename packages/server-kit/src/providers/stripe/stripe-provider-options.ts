import type Stripe from "stripe";

/** Options of {@link stripeProvider}. */
export interface StripeProviderOptions {
  /** The account's secret API key (`sk_live_…`, `sk_test_…`) or a restricted key. */
  secretKey: string;
  /** The signing secret of the webhook endpoint (`whsec_…`), shown in the Stripe Dashboard. */
  webhookSecret: string;
  /**
   * `"manual"` makes Checkout authorize only (`capture_method: "manual"`); the kit captures after
   * its capacity re-check or voids the authorization.
   * @default "automatic"
   */
  captureMode?: "automatic" | "manual";
  /**
   * The provider's name: the webhook route is `POST /webhooks/<name>`.
   * @default "stripe"
   */
  name?: string;
  /**
   * A configured client to use instead of one built from `secretKey` (a proxy, custom retries,
   * tests). `secretKey` and `apiBase` are then ignored for API calls.
   */
  stripe?: Stripe;
  /**
   * Where the API lives, for a Stripe-compatible mock or proxy.
   * @default "https://api.stripe.com"
   */
  apiBase?: string;
  /**
   * The server's clock, read to keep a Checkout Session's `expires_at` inside the window Stripe
   * accepts (30 min to 24 h after creation). Webhook timestamps are checked against the system
   * clock, as the Stripe SDK does.
   * @default () => new Date()
   */
  clock?: () => Date;
}

/** Every default of {@link StripeProviderOptions}, in one place. */
export const STRIPE_PROVIDER_DEFAULTS = {
  captureMode: "automatic",
  name: "stripe",
  apiBase: "https://api.stripe.com",
  clock: () => new Date(),
} as const satisfies Partial<StripeProviderOptions>;

/** How far from now a webhook's signed timestamp may be, both ways (lifecycle.md: ±5 min). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Stripe refuses a Checkout Session expiring less than 30 min or more than 24 h after creation.
 * The margins absorb the request's transit time and a small clock difference with Stripe.
 */
export const SESSION_MIN_LIFETIME_MS = 31 * 60_000;
export const SESSION_MAX_LIFETIME_MS = 24 * 3_600_000 - 60_000;
