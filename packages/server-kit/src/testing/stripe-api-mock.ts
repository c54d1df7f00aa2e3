import { HttpResponse, http, type JsonBodyType } from "msw";
import Stripe from "stripe";
import type { ReceivedWebhook } from "../providers/webhook-receiver.js";

/** One API request as the mock received it: form-encoded parameters, flattened. */
export interface RecordedStripeRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  idempotencyKey: string | null;
}

type Json = Record<string, unknown>;

interface MockSession extends Json {
  id: string;
  status: "open" | "complete" | "expired";
  expires_at: number;
  payment_intent: string | null;
  amount_total: number;
  currency: string;
}

interface MockIntent extends Json {
  id: string;
  status: string;
  amount: number;
  capture_method: string;
  latest_charge: string | null;
}

interface MockCharge extends Json {
  id: string;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
}

const API = "https://api.stripe.com/v1";

function stripeError(status: number, type: string, code: string, message: string) {
  return HttpResponse.json({ error: { type, code, message } }, { status });
}

/**
 * A stateful, in-memory stand-in for the few Stripe REST endpoints the Stripe provider uses, for
 * msw's `setupServer`: Stripe itself cannot run in tests. It keeps Stripe's rules that matter to
 * the kit: the 30 min..24 h `expires_at` window, idempotency keys (a reused key with other
 * parameters is refused), capture/cancel only from the right PaymentIntent states, refunds never
 * beyond the captured amount, and Checkout events signed like Stripe's (`Stripe-Signature`).
 *
 * @example
 * const mock = createStripeApiMock({ secretKey, webhookSecret, now: () => new Date() });
 * setupServer(...mock.handlers).listen({ onUnhandledRequest: "error" });
 */
export function createStripeApiMock(options: {
  secretKey: string;
  webhookSecret: string;
  /** Stripe's clock: sessions expire by it. */
  now: () => Date;
}) {
  const sessions = new Map<string, MockSession>();
  const intents = new Map<string, MockIntent>();
  const charges = new Map<string, MockCharge>();
  const idempotent = new Map<string, { params: string; status: number; body: JsonBodyType }>();
  const requests: RecordedStripeRequest[] = [];
  const webhooks: ReceivedWebhook[] = [];
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_test_${(++counter).toString().padStart(8, "0")}`;
  const nowSeconds = () => Math.floor(options.now().getTime() / 1000);

  function emit(type: string, session: MockSession): void {
    const payload = JSON.stringify({
      id: nextId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: nowSeconds(),
      livemode: false,
      type,
      data: { object: session },
    });
    // Signed at wall-clock time: the receiver checks the timestamp against its system clock.
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.webhookSecret,
    });
    webhooks.push({
      rawBody: new TextEncoder().encode(payload),
      headers: new Headers({ "stripe-signature": signature, "content-type": "application/json" }),
    });
  }

  /** Sessions expire on Stripe's clock whether or not anyone looks. */
  function current(id: string): MockSession | undefined {
    const session = sessions.get(id);
    if (session?.status === "open" && nowSeconds() >= session.expires_at) {
      session.status = "expired";
      emit("checkout.session.expired", session);
    }
    return session;
  }

  function expanded(session: MockSession): Json {
    const intent = session.payment_intent ? intents.get(session.payment_intent) : undefined;
    const charge = intent?.latest_charge ? charges.get(intent.latest_charge) : undefined;
    return {
      ...session,
      payment_intent: intent ? { ...intent, latest_charge: charge ?? null } : null,
    };
  }

  /** Reads the request, checks the key, records it and replays idempotent POSTs like Stripe. */
  function endpoint(
    handle: (params: URLSearchParams, path: Record<string, string>) => Response | Promise<Response>,
  ) {
    return async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
      if (request.headers.get("authorization") !== `Bearer ${options.secretKey}`)
        return stripeError(401, "invalid_request_error", "api_key_invalid", "Invalid API Key");
      const url = new URL(request.url);
      const body = request.method === "POST" ? await request.text() : url.search.slice(1);
      const form = new URLSearchParams(body);
      const key = request.headers.get("idempotency-key");
      requests.push({
        method: request.method,
        path: url.pathname,
        params: form,
        idempotencyKey: key,
      });
      const scope = key ? `${request.method} ${url.pathname} ${key}` : undefined;
      const replay = scope ? idempotent.get(scope) : undefined;
      if (replay) {
        if (replay.params !== body)
          return stripeError(
            400,
            "idempotency_error",
            "idempotency_key_in_use",
            "Keys for idempotent requests can only be used with the same parameters they were first used with.",
          );
        return HttpResponse.json(replay.body, { status: replay.status });
      }
      const response = await handle(form, params as Record<string, string>);
      if (scope && response.status < 500)
        idempotent.set(scope, {
          params: body,
          status: response.status,
          body: await response.clone().json(),
        });
      return response;
    };
  }

  const missing = (id: string) =>
    stripeError(404, "invalid_request_error", "resource_missing", `No such object: '${id}'`);
  const unexpectedState = (what: string) =>
    stripeError(400, "invalid_request_error", "payment_intent_unexpected_state", what);

  const handlers = [
    http.post(
      `${API}/checkout/sessions`,
      endpoint((form) => {
        const expiresAt = Number(form.get("expires_at") ?? nowSeconds() + 86_400);
        const lifetime = expiresAt - nowSeconds();
        if (lifetime < 30 * 60 || lifetime > 24 * 3600)
          return stripeError(
            400,
            "invalid_request_error",
            "parameter_invalid_integer",
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
          );
        const id = nextId("cs");
        const metadata = (prefix: string) =>
          Object.fromEntries(
            [...form]
              .filter(([name]) => name.startsWith(prefix))
              .map(([name, value]) => [name.slice(prefix.length, -1), value]),
          );
        const session: MockSession = {
          id,
          object: "checkout.session",
          mode: form.get("mode"),
          status: "open",
          payment_status: "unpaid",
          created: nowSeconds(),
          amount_total: Number(form.get("line_items[0][price_data][unit_amount]")),
          currency: form.get("line_items[0][price_data][currency]") ?? "",
          expires_at: expiresAt,
          client_reference_id: form.get("client_reference_id"),
          success_url: form.get("success_url"),
          cancel_url: form.get("cancel_url"),
          metadata: metadata("metadata["),
          payment_intent: null,
          url: `https://checkout.stripe.com/c/pay/${id}`,
          // Kept for the buyer's PaymentIntent, created when they pay (as Stripe does since 2022-08-01).
          intent_data: {
            capture_method: form.get("payment_intent_data[capture_method]") ?? "automatic",
            metadata: metadata("payment_intent_data[metadata]["),
          },
        };
        sessions.set(id, session);
        return HttpResponse.json(session);
      }),
    ),
    http.get(
      `${API}/checkout/sessions`,
      endpoint((form) => {
        // Newest first, like Stripe; `created[gte]` and `starting_after` page through the rest.
        const gte = Number(form.get("created[gte]") ?? 0);
        const limit = Math.min(Number(form.get("limit") ?? 10), 100);
        const all = [...sessions.keys()]
          .reverse()
          .map((id) => current(id)!)
          .filter((session) => Number(session.created) >= gte);
        const after = form.get("starting_after");
        const start = after ? all.findIndex((session) => session.id === after) + 1 : 0;
        const page = all.slice(start, start + limit);
        return HttpResponse.json({
          object: "list",
          url: "/v1/checkout/sessions",
          has_more: start + limit < all.length,
          data: page.map(expanded),
        });
      }),
    ),
    http.get(
      `${API}/checkout/sessions/:id`,
      endpoint((_, { id }) => {
        const session = current(id!);
        return session ? HttpResponse.json(expanded(session)) : missing(id!);
      }),
    ),
    http.post(
      `${API}/checkout/sessions/:id/expire`,
      endpoint((_, { id }) => {
        const session = current(id!);
        if (!session) return missing(id!);
        if (session.status !== "open")
          return stripeError(
            400,
            "invalid_request_error",
            "checkout_session_not_open",
            "Only open sessions can be expired.",
          );
        session.status = "expired";
        const intent = session.payment_intent ? intents.get(session.payment_intent) : undefined;
        if (intent) intent.status = "canceled";
        return HttpResponse.json(session);
      }),
    ),
    http.post(
      `${API}/payment_intents/:id/capture`,
      endpoint((form, { id }) => {
        const intent = intents.get(id!);
        if (!intent) return missing(id!);
        if (intent.status !== "requires_capture")
          return unexpectedState(
            `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
          );
        const amount = Number(form.get("amount_to_capture") ?? intent.amount);
        if (amount > intent.amount)
          return stripeError(
            400,
            "invalid_request_error",
            "amount_too_large",
            "amount_to_capture exceeds the authorized amount",
          );
        intent.status = "succeeded";
        charges.get(intent.latest_charge!)!.amount_captured = amount;
        return HttpResponse.json(intent);
      }),
    ),
    http.post(
      `${API}/payment_intents/:id/cancel`,
      endpoint((_, { id }) => {
        const intent = intents.get(id!);
        if (!intent) return missing(id!);
        if (intent.status === "succeeded" || intent.status === "canceled")
          return unexpectedState(
            `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
          );
        intent.status = "canceled";
        return HttpResponse.json(intent);
      }),
    ),
    http.post(
      `${API}/refunds`,
      endpoint((form) => {
        const intentId = form.get("payment_intent") ?? "";
        const intent = intents.get(intentId);
        if (!intent) return missing(intentId);
        if (intent.status !== "succeeded")
          return unexpectedState(
            `This PaymentIntent has a status of ${intent.status} and cannot be refunded.`,
          );
        const charge = charges.get(intent.latest_charge!)!;
        const left = charge.amount_captured - charge.amount_refunded;
        if (left === 0)
          return stripeError(
            400,
            "invalid_request_error",
            "charge_already_refunded",
            `Charge ${charge.id} has already been refunded.`,
          );
        const amount = Number(form.get("amount") ?? left);
        if (amount > left)
          return stripeError(
            400,
            "invalid_request_error",
            "amount_too_large",
            `Refund amount is greater than unrefunded amount on charge (${left})`,
          );
        charge.amount_refunded += amount;
        charge.refunded = charge.amount_refunded === charge.amount_captured;
        return HttpResponse.json({
          id: nextId("re"),
          object: "refund",
          amount,
          payment_intent: intent.id,
          status: "succeeded",
        });
      }),
    ),
  ];

  return {
    handlers,
    /** Every API request so far, in order. */
    requests,
    /** Every event Stripe has sent so far, exactly as delivered. */
    webhooks,
    /**
     * What the buyer does on the Checkout page: pay (authorize for manual capture), have the card
     * declined (the session stays open for another try) or go back. Refused once not open.
     */
    buyer(sessionId: string, choice: "pay" | "decline" | "cancel"): "accepted" | "refused" {
      const session = current(sessionId);
      if (session?.status !== "open") return "refused";
      if (choice === "cancel") return "accepted";
      const { capture_method, metadata } = session.intent_data as Json;
      const intent: MockIntent = {
        id: session.payment_intent ?? nextId("pi"),
        object: "payment_intent",
        amount: session.amount_total,
        currency: session.currency,
        capture_method: String(capture_method),
        metadata,
        status: "requires_payment_method",
        last_payment_error: null,
        latest_charge: null,
      };
      intents.set(intent.id, intent);
      session.payment_intent = intent.id;
      if (choice === "decline") {
        intent.last_payment_error = { type: "card_error", code: "card_declined" };
        return "accepted";
      }
      const manual = intent.capture_method === "manual";
      const charge: MockCharge = {
        id: nextId("ch"),
        object: "charge",
        amount: intent.amount,
        amount_captured: manual ? 0 : intent.amount,
        amount_refunded: 0,
        refunded: false,
      };
      charges.set(charge.id, charge);
      Object.assign(intent, {
        status: manual ? "requires_capture" : "succeeded",
        latest_charge: charge.id,
        last_payment_error: null,
      });
      Object.assign(session, { status: "complete", payment_status: manual ? "unpaid" : "paid" });
      emit("checkout.session.completed", session);
      return "accepted";
    },
  };
}

/** What {@link createStripeApiMock} returns. */
export type StripeApiMock = ReturnType<typeof createStripeApiMock>;
