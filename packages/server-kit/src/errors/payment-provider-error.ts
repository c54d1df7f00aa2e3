import { ServerKitError } from "./server-kit-error.js";

/** The provider could not be reached or answered with an error; nothing is assumed to have happened. */
export class PaymentProviderError extends ServerKitError {
  override readonly name = "PaymentProviderError";
  readonly code = "provider_unavailable";
  /** The provider's HTTP status, when there was an answer. */
  readonly status: number | undefined;
  /**
   * The provider's own error code, when it sent one (for the sandbox for example
   * `refund_exceeds_captured`, `payment_not_capturable`, `unauthorized`).
   */
  readonly providerCode: string | undefined;
  constructor(
    message: string,
    options: { status?: number; providerCode?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.providerCode = options.providerCode;
  }
}

/**
 * Whether `error` is a {@link PaymentProviderError}, also one from another copy of this package
 * (a provider may bundle its own): the one test every caller uses, so none forgets the copies.
 *
 * @example
 * try { await provider.getPayment(reference); }
 * catch (error) { if (!isPaymentProviderError(error)) throw error; }
 */
export function isPaymentProviderError(error: unknown): error is PaymentProviderError {
  return (
    error instanceof PaymentProviderError ||
    (error instanceof Error && error.name === "PaymentProviderError")
  );
}
