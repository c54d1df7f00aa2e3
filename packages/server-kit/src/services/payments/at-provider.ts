import { AdmitError } from "../../errors/admit-error.js";
import { isPaymentProviderError } from "../../providers/payment-provider.js";

/**
 * Run a provider call; a provider's failure answers 502 `provider_unavailable` with `message`
 * (what to do next) and the provider's error as its cause. Other errors pass unchanged.
 *
 * @example
 * const payment = await atProvider(() => provider.getPayment(reference), "try again");
 */
export async function atProvider<T>(call: () => Promise<T>, message: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isPaymentProviderError(error))
      throw new AdmitError("provider_unavailable", message, {}, { cause: error });
    throw error;
  }
}
