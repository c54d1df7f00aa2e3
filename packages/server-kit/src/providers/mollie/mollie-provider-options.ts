import type { Locale, MollieClient, PaymentMethod } from "@mollie/api-client";

/** Options of {@link mollieProvider}. */
export interface MollieProviderOptions {
  /** The website profile's API key: `test_…` for test mode, `live_…` for real payments. */
  apiKey: string;
  /**
   * `"manual"` makes Mollie authorize only (`captureMode: "manual"`, cards and a few other
   * methods); the kit captures after its capacity re-check or releases the authorization.
   * @default "automatic"
   */
  captureMode?: "automatic" | "manual";
  /**
   * The provider's name: the webhook route is `POST /webhooks/<name>`.
   * @default "mollie"
   */
  name?: string;
  /**
   * The payment methods offered (Mollie's `method`); unset lets Mollie's checkout offer every
   * method enabled on the profile. Methods decide how long a payment stays open (see the README's
   * expiry table); `["banktransfer"]` alone also gets a `dueDate`.
   * @example ["ideal", "creditcard", "bancontact"]
   */
  methods?: PaymentMethod[];
  /**
   * The public URL Mollie calls for this provider's notifications, when the kit's own
   * (`<publicUrl>/webhooks/<name>`) is not reachable from the internet, for example a tunnel's
   * address in development. Mollie refuses `localhost` and private addresses.
   */
  webhookUrl?: string;
  /**
   * Mollie's checkout language (`locale`); unset lets Mollie detect it from the browser.
   * @example Locale.nl_NL (import { Locale } from "@mollie/api-client")
   */
  locale?: Locale;
  /**
   * A configured client to use instead of one built from `apiKey` (a proxy, tests).
   */
  client?: MollieClient;
  /**
   * The server's clock, read to refuse a payment request whose hold already expired and to date
   * a bank transfer's `dueDate`.
   * @default () => new Date()
   */
  clock?: () => Date;
}

/** Every default of {@link MollieProviderOptions}, in one place. */
export const MOLLIE_PROVIDER_DEFAULTS = {
  captureMode: "automatic",
  name: "mollie",
  clock: () => new Date(),
} as const satisfies Partial<MollieProviderOptions>;

/**
 * Mollie's payment ids: `tr_` and an alphanumeric token. A notification naming anything else is
 * refused before any lookup.
 */
export const MOLLIE_PAYMENT_ID = /^tr_[A-Za-z0-9]{1,64}$/;

/** A bank transfer's `dueDate` may be tomorrow at the earliest and 100 days after that at the latest. */
export const BANK_TRANSFER_MAX_DUE_DAYS = 100;
