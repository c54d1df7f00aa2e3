import { Slug } from "@admit/client/contract";
import { AdmitError } from "../errors/admit-error.js";
import {
  isLookupProvider,
  isPaymentProviderError,
  isWebhookVerificationError,
  type ProviderEvent,
  type SignedPaymentProvider,
} from "../providers/payment-provider.js";
import { applyLookupNotification } from "../services/payments/lookup-notification.js";
import { applyProviderPayment } from "../services/payments/payment-confirmation.js";
import { jsonResponse } from "./problem-response.js";
import { readBody } from "./request-body.js";
import type { Route, RouteContext } from "./route-table.js";

/** 502 `provider_unavailable` for a notification the provider must deliver again. */
function providerUnavailable(cause: unknown): AdmitError {
  return new AdmitError(
    "provider_unavailable",
    "The payment provider did not answer while this notification was handled; nothing changed, deliver it again",
    {},
    { cause },
  );
}

function isVerificationError(error: unknown): boolean {
  return isWebhookVerificationError(error) || error instanceof SyntaxError;
}

/** 400 `invalid_signature`: the notification did not verify (or name a payment); nothing changed. */
function notVerified(cause: unknown): AdmitError {
  return new AdmitError("invalid_signature", "The notification did not verify", {}, { cause });
}

/** Run a step that may call the provider: its failure is a 502 and the provider delivers again. */
async function atProvider<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isPaymentProviderError(error)) throw providerUnavailable(error);
    throw error;
  }
}

/** A signed notification: verified over the exact bytes, then applied (deduplicated by its id). */
async function receiveSigned(
  rc: RouteContext,
  provider: SignedPaymentProvider,
  body: Uint8Array,
): Promise<boolean> {
  let event: ProviderEvent;
  try {
    event = await provider.verifyWebhook(body, rc.request.headers);
  } catch (error) {
    // Anything that does not verify (signature, timestamp, malformed body) changes nothing.
    if (isVerificationError(error)) throw notVerified(error);
    // A lookup inside verification (Stripe re-fetches the session) did not reach the
    // provider: nothing was decided, and a 5xx makes the provider deliver it again.
    if (isPaymentProviderError(error)) throw providerUnavailable(error);
    throw error;
  }
  // A capture or void that did not reach the provider rolled everything back, the
  // notification included: a 5xx makes the provider deliver it again.
  return atProvider(() =>
    applyProviderPayment(rc.kit, provider, event.payment, {
      kind: "webhook",
      eventId: event.eventId,
    }),
  );
}

/**
 * `POST /webhooks/:provider`: a provider's notification, trusted by the provider's
 * `verification` model (see `NotificationVerification`). Answers `{ received, changed }`; the
 * same 200 for an id the kit does not know as for one that changed nothing, so a forger learns
 * nothing.
 */
export const PROVIDER_WEBHOOK_ROUTE: Route = {
  method: "POST",
  path: "/webhooks/:provider",
  access: "webhook",
  params: { provider: Slug },
  async handle(rc) {
    const provider = rc.kit.providers.get(rc.params.provider!);
    if (!provider) throw new AdmitError("not_found", "No such provider");
    const body = await readBody(rc.request, rc.kit.options.maxBodyBytes);
    if (!isLookupProvider(provider))
      return jsonResponse({ received: true, changed: await receiveSigned(rc, provider, body) });
    let reference: string;
    try {
      // Only the id is read: the body is unsigned, so nothing else in it is believed.
      reference = provider.readNotification(body, rc.request.headers);
    } catch (error) {
      if (isVerificationError(error)) throw notVerified(error);
      throw error;
    }
    const { changed } = await atProvider(() =>
      applyLookupNotification(rc.kit, provider, reference),
    );
    return jsonResponse({ received: true, changed });
  },
};
