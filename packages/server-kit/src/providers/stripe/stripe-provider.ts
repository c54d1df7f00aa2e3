import type { Money } from "@admit/client/contract";
import Stripe from "stripe";
import { failureMessage } from "../../errors/server-kit-error.js";
import {
  type CreatedPayment,
  type CreatePaymentInput,
  type ListedPayment,
  type PaymentProvider,
  PaymentProviderError,
  type ProviderEvent,
  type ProviderPayment,
  type RefundResult,
  type SignedPaymentProvider,
  WebhookVerificationError,
} from "../payment-provider.js";
import { SESSION_EXPAND, type StripeAdmitMetadata, toProviderPayment } from "./stripe-payment.js";
import {
  SESSION_MAX_LIFETIME_MS,
  SESSION_MIN_LIFETIME_MS,
  STRIPE_PROVIDER_DEFAULTS,
  type StripeProviderOptions,
  WEBHOOK_TOLERANCE_SECONDS,
} from "./stripe-provider-options.js";

/**
 * The Checkout Session events the provider turns into payment updates. Subscribe the webhook
 * endpoint to exactly these: any other type is refused like a bad signature (400).
 */
export const STRIPE_WEBHOOK_EVENTS = [
  "checkout.session.completed",
  "checkout.session.expired",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
] as const;

const REFUND_STATUS: Record<string, RefundResult["status"]> = {
  succeeded: "succeeded",
  pending: "pending",
  requires_action: "pending",
  failed: "failed",
  canceled: "failed",
};

/** Any failure of an API call, as the kit expects it: nothing is assumed to have happened. */
function providerError(action: string, cause: unknown): PaymentProviderError {
  if (cause instanceof PaymentProviderError) return cause;
  // Duck-typed rather than `instanceof Stripe.errors.StripeError`: an injected client may come
  // from another copy of the SDK.
  const error = cause as { message?: string; statusCode?: number; code?: string; type?: string };
  return new PaymentProviderError(
    failureMessage(
      `${action} at Stripe (${error?.message ?? cause})`,
      "check that Stripe is reachable and the secret key is valid; nothing is assumed to have happened",
    ),
    {
      ...(typeof error?.statusCode === "number" ? { status: error.statusCode } : {}),
      providerCode: error?.code ?? error?.type,
      cause,
    },
  );
}

function buildClient(options: StripeProviderOptions): Stripe {
  if (options.stripe) return options.stripe;
  const base = new URL(options.apiBase ?? STRIPE_PROVIDER_DEFAULTS.apiBase);
  return new Stripe(options.secretKey, {
    host: base.hostname,
    protocol: base.protocol === "http:" ? "http" : "https",
    ...(base.port ? { port: Number(base.port) } : {}),
  });
}

/** The signed `t=` of a `Stripe-Signature` header, in unix seconds. */
function signedTimestamp(header: string): number {
  const t = header.split(",").find((part) => part.startsWith("t="));
  return Number(t?.slice(2));
}

/**
 * The {@link PaymentProvider} for Stripe Checkout, on the official `stripe` SDK. Each payment
 * attempt is one Checkout Session; its id is the `providerReference`.
 *
 * Stripe refuses sessions expiring sooner than 30 minutes after creation. A shorter hold gets a
 * session open for that minimum, so Stripe may accept a payment after the hold expired; the kit
 * then applies its late-payment rule (paid if seats remain, otherwise `manual_review`).
 *
 * @example
 * import { stripeProvider } from "@admit/server-kit/stripe";
 * const admit = createAdmit({
 *   providers: [
 *     stripeProvider({
 *       secretKey: process.env.STRIPE_SECRET_KEY!,
 *       webhookSecret: process.env.STRIPE_WEBHOOK_SECRET!,
 *     }),
 *   ],
 *   // …
 * });
 */
export function stripeProvider(options: StripeProviderOptions): SignedPaymentProvider {
  const stripe = buildClient(options);
  const captureMode = options.captureMode ?? STRIPE_PROVIDER_DEFAULTS.captureMode;
  const clock = options.clock ?? STRIPE_PROVIDER_DEFAULTS.clock;
  const handled: ReadonlySet<string> = new Set(STRIPE_WEBHOOK_EVENTS);

  async function retrieve(reference: string): Promise<Stripe.Checkout.Session> {
    try {
      return await stripe.checkout.sessions.retrieve(reference, { expand: SESSION_EXPAND });
    } catch (cause) {
      throw providerError(`look up ${reference}`, cause);
    }
  }

  /** The session's PaymentIntent, after checking the kit asks in the session's currency. */
  async function intentFor(reference: string, amount: Money): Promise<Stripe.PaymentIntent> {
    const session = await retrieve(reference);
    if (session.currency?.toUpperCase() !== amount.currency)
      throw new PaymentProviderError(
        failureMessage(
          `use Stripe Checkout Session ${reference}: it is in ${session.currency?.toUpperCase()}, not ${amount.currency}`,
          "ask in the currency the session was created in",
        ),
        { providerCode: "currency_mismatch" },
      );
    const intent = session.payment_intent;
    if (intent === null || typeof intent === "string")
      throw new PaymentProviderError(
        failureMessage(
          `find the payment of Stripe Checkout Session ${reference}: it has none yet`,
          "capture, void or refund only a session the buyer has paid",
        ),
        {
          providerCode: "payment_not_found",
        },
      );
    return intent;
  }

  /** Stripe's expiry for a session: the hold's, kept inside the window Stripe accepts. */
  function sessionExpiry(expiresAt: Date): number {
    const now = clock().getTime();
    if (expiresAt.getTime() <= now)
      throw new PaymentProviderError(
        failureMessage(
          "create a Stripe Checkout Session: the payment request's expiry has passed",
          "ask with an expiry in the future",
        ),
        {
          providerCode: "invalid_expiry",
        },
      );
    // Rounded down: the session must not outlive the hold by even a second where Stripe allows.
    const hold = Math.floor(expiresAt.getTime() / 1000);
    // The lower bound is a whole minute, so the same request sent again with its idempotency key
    // moments later carries the same parameters (Stripe refuses a key reused with others),
    // rather than differing whenever a second ticked over in between. The upper one rarely
    // applies: the kit already keeps holds and links within `maxPaymentLifetimeMs`.
    const earliest = Math.ceil((now + SESSION_MIN_LIFETIME_MS) / 60_000) * 60;
    const latest = Math.floor((now + SESSION_MAX_LIFETIME_MS) / 1000);
    return Math.min(Math.max(hold, earliest), latest);
  }

  const provider: SignedPaymentProvider = {
    verification: "signed",
    name: options.name ?? STRIPE_PROVIDER_DEFAULTS.name,
    captureMode,
    maxPaymentLifetimeMs: SESSION_MAX_LIFETIME_MS,

    async createPayment(input: CreatePaymentInput, { idempotencyKey }): Promise<CreatedPayment> {
      const metadata: StripeAdmitMetadata = {
        paymentId: input.paymentId,
        orderId: input.orderId,
        reference: input.reference ?? "",
        eventId: input.eventId ?? "",
      };
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.create(
          {
            mode: "payment",
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.amount.currency.toLowerCase(),
                  unit_amount: input.amount.amount,
                  product_data: { name: input.description },
                },
              },
            ],
            expires_at: sessionExpiry(input.expiresAt),
            success_url: input.returnUrl,
            cancel_url: input.returnUrl,
            client_reference_id: input.orderId,
            ...(input.buyerEmail ? { customer_email: input.buyerEmail } : {}),
            metadata: { ...metadata },
            payment_intent_data: { metadata: { ...metadata }, capture_method: captureMode },
          },
          { idempotencyKey },
        );
      } catch (cause) {
        throw providerError("create a Checkout Session", cause);
      }
      if (!session.url)
        throw new PaymentProviderError(
          failureMessage(
            `use Stripe Checkout Session ${session.id}: Stripe answered it without a url`,
            "create hosted Checkout Sessions (the default ui_mode)",
          ),
        );
      return { providerReference: session.id, paymentUrl: session.url };
    },

    async getPayment(reference): Promise<ProviderPayment> {
      return toProviderPayment(await retrieve(reference));
    },

    /**
     * Stripe cannot filter Checkout Sessions by metadata, so this pages through every session
     * created since `createdFrom` (100 per request) and keeps those whose `eventId` metadata
     * matches: one request per 100 sessions of the account in that window.
     */
    async listPayments({ eventId, createdFrom }): Promise<ListedPayment[]> {
      const found: ListedPayment[] = [];
      try {
        const sessions = stripe.checkout.sessions.list({
          created: { gte: Math.floor(createdFrom.getTime() / 1000) },
          limit: 100,
          expand: SESSION_EXPAND.map((path) => `data.${path}`),
        });
        for await (const session of sessions) {
          if (session.metadata?.eventId !== eventId) continue;
          found.push({
            ...toProviderPayment(session),
            ...(session.metadata.orderId ? { orderId: session.metadata.orderId } : {}),
            eventId,
            createdAt: new Date(session.created * 1000),
          });
        }
      } catch (cause) {
        throw providerError("list Checkout Sessions", cause);
      }
      return found;
    },

    async capture(reference, amount): Promise<ProviderPayment> {
      const intent = await intentFor(reference, amount);
      try {
        await stripe.paymentIntents.capture(
          intent.id,
          { amount_to_capture: amount.amount },
          { idempotencyKey: `admit_capture_${intent.id}` },
        );
      } catch (cause) {
        throw providerError(`capture ${reference}`, cause);
      }
      return provider.getPayment(reference);
    },

    async void(reference): Promise<ProviderPayment> {
      const session = await retrieve(reference);
      const intent = session.payment_intent;
      try {
        // An open session is expired rather than its PaymentIntent cancelled: Stripe owns the
        // PaymentIntent of an open Checkout Session, and expiring it also closes the page.
        if (session.status === "open") await stripe.checkout.sessions.expire(reference);
        else if (intent !== null)
          await stripe.paymentIntents.cancel(typeof intent === "string" ? intent : intent.id);
      } catch (cause) {
        throw providerError(`void ${reference}`, cause);
      }
      return provider.getPayment(reference);
    },

    async refund(reference, amount, { idempotencyKey }): Promise<RefundResult> {
      const intent = await intentFor(reference, amount);
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: intent.id, amount: amount.amount },
          { idempotencyKey },
        );
        return {
          refundReference: refund.id,
          status: REFUND_STATUS[refund.status ?? ""] ?? "pending",
          ...(refund.failure_reason ? { failureReason: refund.failure_reason } : {}),
        };
      } catch (cause) {
        throw providerError(`refund ${reference}`, cause);
      }
    },

    async verifyWebhook(rawBody, headers): Promise<ProviderEvent> {
      const signature = headers.get("stripe-signature") ?? "";
      let event: Stripe.Event;
      try {
        // The SDK checks the HMAC (in constant time) and refuses timestamps older than the
        // tolerance; it accepts any future timestamp, so that side is checked below.
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signature,
          options.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
        );
      } catch (cause) {
        throw new WebhookVerificationError(
          failureMessage(
            "verify a Stripe webhook: its signature does not match",
            "give the endpoint's own signing secret (whsec_…) and hand the kit the raw body",
          ),
          { cause },
        );
      }
      if (signedTimestamp(signature) > Date.now() / 1000 + WEBHOOK_TOLERANCE_SECONDS)
        throw new WebhookVerificationError(
          failureMessage(
            "verify a Stripe webhook: its timestamp is in the future",
            "keep this server's clock in sync",
          ),
        );
      if (!handled.has(event.type))
        throw new WebhookVerificationError(
          failureMessage(
            `handle Stripe event ${event.type}: it is not a Checkout Session payment event`,
            `subscribe the endpoint to ${STRIPE_WEBHOOK_EVENTS.join(", ")} only`,
          ),
        );
      const session = event.data.object as Stripe.Checkout.Session;
      // The event is a snapshot without the PaymentIntent's state (authorized or captured,
      // refunded), so the payment is read fresh; a failed lookup is a 5xx and Stripe redelivers.
      return { eventId: event.id, payment: await provider.getPayment(session.id) };
    },
  };
  return provider;
}
