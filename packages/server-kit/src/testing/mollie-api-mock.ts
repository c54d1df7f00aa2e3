import { HttpResponse, http, type JsonBodyType } from "msw";
import { minorUnitExponent } from "../providers/mollie/mollie-amount.js";

type Json = Record<string, unknown>;
interface Amount {
  currency: string;
  value: string;
}

/** One API request as the mock received it. */
export interface RecordedMollieRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Json | undefined;
  idempotencyKey: string | null;
}

/** A notification the mock sent to a payment's `webhookUrl`, as the receiver gets it. */
export interface MollieNotification {
  url: string;
  rawBody: Uint8Array;
  headers: Headers;
}

interface MockPayment extends Json {
  id: string;
  status: "open" | "pending" | "authorized" | "paid" | "canceled" | "expired" | "failed";
  amount: Amount;
  createdAt: string;
  expiresAt?: string;
  webhookUrl?: string;
  captureMode: "automatic" | "manual";
  isCancelable: boolean;
}

interface MockRefund extends Json {
  id: string;
  paymentId: string;
  status: "queued" | "pending" | "processing" | "refunded" | "failed" | "canceled";
  amount: Amount;
}

const API = "https://api.mollie.com/v2";
const DOCS = "https://docs.mollie.com/reference/";
/** Mollie's checkout session of cards and iDEAL: an open payment expires after 15 minutes. */
export const MOLLIE_MOCK_EXPIRY_MS = 15 * 60_000;

/** Mollie's error body (`application/hal+json`): `status`, `title`, `detail`, maybe `field`. */
function mollieError(status: number, title: string, detail: string, field?: string) {
  return HttpResponse.json(
    {
      status,
      title,
      detail,
      ...(field ? { field } : {}),
      _links: { documentation: { href: `${DOCS}handling-errors`, type: "text/html" } },
    },
    { status, headers: { "content-type": "application/hal+json" } },
  );
}

function toMinor(amount: Amount): number | undefined {
  const exponent = minorUnitExponent(amount.currency);
  const pattern = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${exponent}}$`);
  if (!pattern.test(amount.value)) return undefined;
  return Math.round(Number(amount.value) * 10 ** exponent);
}

function fromMinor(minor: number, currency: string): Amount {
  const exponent = minorUnitExponent(currency);
  return { currency, value: (minor / 10 ** exponent).toFixed(exponent) };
}

/** Mollie refuses webhook URLs it cannot reach: localhost and private networks. */
function unreachable(url: string): boolean {
  const host = new URL(url).hostname;
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^(127|10)\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

/**
 * A stateful, in-memory stand-in for the Mollie Payments API endpoints the Mollie provider uses,
 * for msw's `setupServer`: Mollie cannot be reached from tests. It answers as Mollie documents:
 * payments with amounts as decimal strings in the currency's exact decimals, the statuses
 * (open → paid/failed/canceled/expired, authorized with manual capture), `embed=refunds`,
 * newest-first lists paged with `from`/`limit` and `_links.next`, refunds with their own statuses
 * (never beyond what remains), idempotency keys (a repeated key answers the first response),
 * HAL error bodies, 401 for a wrong key, 422 for an unreachable `webhookUrl`; and notifications
 * as Mollie sends them: an unsigned form post `id=tr_…`, recorded for the test to deliver.
 *
 * @example
 * const mock = createMollieApiMock({ apiKey: "test_admit", now: () => new Date() });
 * setupServer(...mock.handlers).listen({ onUnhandledRequest: "error" });
 */
export function createMollieApiMock(options: { apiKey: string; now: () => Date }) {
  const payments = new Map<string, MockPayment>();
  const refunds = new Map<string, MockRefund[]>();
  const idempotent = new Map<string, { status: number; body: JsonBodyType }>();
  const requests: RecordedMollieRequest[] = [];
  const notifications: MollieNotification[] = [];
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(10, "Q")}`;
  const iso = () => options.now().toISOString();

  function notify(payment: MockPayment): void {
    if (!payment.webhookUrl) return;
    notifications.push({
      url: payment.webhookUrl,
      rawBody: new TextEncoder().encode(`id=${payment.id}`),
      headers: new Headers({
        "content-type": "application/x-www-form-urlencoded",
        "user-agent": "Mollie HTTP client/1.0",
      }),
    });
  }

  /** Open payments expire on Mollie's clock whether or not anyone looks (then Mollie notifies). */
  function current(id: string): MockPayment | undefined {
    const payment = payments.get(id);
    if (
      payment?.status === "open" &&
      payment.expiresAt &&
      options.now() >= new Date(payment.expiresAt)
    ) {
      payment.status = "expired";
      payment.expiredAt = iso();
      delete payment.expiresAt;
      payment.isCancelable = false;
      notify(payment);
    }
    return payment;
  }

  function refunded(payment: MockPayment): number {
    return (refunds.get(payment.id) ?? [])
      .filter((r) => r.status !== "failed" && r.status !== "canceled")
      .reduce((sum, r) => sum + toMinor(r.amount)!, 0);
  }

  function render(payment: MockPayment, embedRefunds = false): Json {
    const paid = payment.status === "paid";
    const captured = paid ? toMinor((payment.amountCaptured as Amount) ?? payment.amount)! : 0;
    const back = paid ? refunded(payment) : 0;
    return {
      resource: "payment",
      mode: "test",
      ...payment,
      ...(paid
        ? {
            amountRefunded: fromMinor(back, payment.amount.currency),
            amountRemaining: fromMinor(captured - back, payment.amount.currency),
          }
        : {}),
      ...(embedRefunds ? { _embedded: { refunds: refunds.get(payment.id) ?? [] } } : {}),
      _links: {
        self: { href: `${API}/payments/${payment.id}`, type: "application/hal+json" },
        ...(payment.status === "open"
          ? {
              checkout: {
                href: `https://www.mollie.com/checkout/select-method/${payment.id.slice(3)}`,
                type: "text/html",
              },
            }
          : {}),
        dashboard: { href: `https://my.mollie.com/dashboard/payments/${payment.id}` },
        documentation: { href: `${DOCS}get-payment`, type: "text/html" },
      },
    };
  }

  /** Checks the key, records the request and replays a repeated Idempotency-Key like Mollie. */
  function endpoint(
    handle: (
      body: Json,
      path: Record<string, string>,
      query: URLSearchParams,
    ) => Response | Promise<Response>,
  ) {
    return async ({ request, params }: { request: Request; params: Record<string, unknown> }) => {
      if (request.headers.get("authorization") !== `Bearer ${options.apiKey}`)
        return mollieError(
          401,
          "Unauthorized Request",
          "Missing authentication, or failed to authenticate",
        );
      const url = new URL(request.url);
      const text = request.method === "POST" ? await request.text() : "";
      const body = text ? (JSON.parse(text) as Json) : undefined;
      const key = request.headers.get("idempotency-key");
      requests.push({
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        body,
        idempotencyKey: key,
      });
      const scope = key ? `${request.method} ${url.pathname} ${key}` : undefined;
      const replay = scope ? idempotent.get(scope) : undefined;
      if (replay)
        return replay.body === null
          ? new HttpResponse(null, { status: replay.status })
          : HttpResponse.json(replay.body, { status: replay.status });
      const response = await handle(body ?? {}, params as Record<string, string>, url.searchParams);
      if (scope && response.status < 500) {
        const text = await response.clone().text();
        idempotent.set(scope, { status: response.status, body: text ? JSON.parse(text) : null });
      }
      return response;
    };
  }

  const noPayment = (id: string) =>
    mollieError(404, "Not Found", `No payment exists with token ${id}.`);

  const handlers = [
    http.post(
      `${API}/payments`,
      endpoint((body) => {
        const amount = body.amount as Amount | undefined;
        if (!amount || toMinor(amount) === undefined)
          return mollieError(
            422,
            "Unprocessable Entity",
            "The amount contains an invalid value",
            "amount.value",
          );
        if (typeof body.description !== "string" || !body.description)
          return mollieError(
            422,
            "Unprocessable Entity",
            "The description is invalid",
            "description",
          );
        if (typeof body.redirectUrl !== "string")
          return mollieError(
            422,
            "Unprocessable Entity",
            "The redirect URL is invalid",
            "redirectUrl",
          );
        const webhookUrl = body.webhookUrl as string | undefined;
        if (webhookUrl !== undefined && unreachable(webhookUrl))
          return mollieError(
            422,
            "Unprocessable Entity",
            "The webhook URL is invalid because it is unreachable from Mollie's point of view",
            "webhookUrl",
          );
        const method = body.method as string | string[] | undefined;
        const bankTransfer =
          method === "banktransfer" ||
          (Array.isArray(method) && method.length === 1 && method[0] === "banktransfer");
        const now = options.now();
        const id = nextId("tr");
        const payment: MockPayment = {
          id,
          createdAt: now.toISOString(),
          amount,
          description: body.description,
          method: bankTransfer ? "banktransfer" : null,
          metadata: body.metadata ?? null,
          status: "open",
          isCancelable: bankTransfer,
          expiresAt: new Date(
            bankTransfer && typeof body.dueDate === "string"
              ? new Date(`${body.dueDate}T23:59:59Z`).getTime()
              : now.getTime() + MOLLIE_MOCK_EXPIRY_MS,
          ).toISOString(),
          profileId: "pfl_mock",
          sequenceType: "oneoff",
          redirectUrl: body.redirectUrl,
          ...(webhookUrl ? { webhookUrl } : {}),
          captureMode: body.captureMode === "manual" ? "manual" : "automatic",
        };
        payments.set(id, payment);
        return HttpResponse.json(render(payment), { status: 201 });
      }),
    ),
    http.get(
      `${API}/payments/:id`,
      endpoint((_, { id }, query) => {
        const payment = current(id!);
        if (!payment) return noPayment(id!);
        return HttpResponse.json(render(payment, query.get("embed")?.includes("refunds")));
      }),
    ),
    http.get(
      `${API}/payments`,
      endpoint((_, __, query) => {
        const limit = Number(query.get("limit") ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 250)
          return mollieError(400, "Bad Request", "The limit must be between 1 and 250", "limit");
        const newestFirst = [...payments.keys()].reverse().map((id) => current(id)!);
        const from = query.get("from");
        const start = from ? newestFirst.findIndex((p) => p.id === from) : 0;
        if (start < 0) return noPayment(from!);
        const page = newestFirst.slice(start, start + limit);
        const next = newestFirst[start + limit];
        return HttpResponse.json({
          count: page.length,
          _embedded: { payments: page.map((p) => render(p)) },
          _links: {
            documentation: { href: `${DOCS}list-payments`, type: "text/html" },
            self: { href: `${API}/payments?limit=${limit}`, type: "application/hal+json" },
            previous: null,
            next: next
              ? {
                  href: `${API}/payments?from=${next.id}&limit=${limit}`,
                  type: "application/hal+json",
                }
              : null,
          },
        });
      }),
    ),
    http.delete(
      `${API}/payments/:id`,
      endpoint((_, { id }) => {
        const payment = current(id!);
        if (!payment) return noPayment(id!);
        if (!payment.isCancelable)
          return mollieError(422, "Unprocessable Entity", "The payment cannot be canceled");
        payment.status = "canceled";
        payment.canceledAt = iso();
        payment.isCancelable = false;
        delete payment.expiresAt;
        notify(payment);
        return HttpResponse.json(render(payment));
      }),
    ),
    http.post(
      `${API}/payments/:id/release-authorization`,
      endpoint((_, { id }) => {
        const payment = current(id!);
        if (!payment) return noPayment(id!);
        if (payment.status !== "authorized")
          return mollieError(422, "Unprocessable Entity", "The payment is not authorized");
        payment.status = "canceled";
        payment.canceledAt = iso();
        notify(payment);
        return new HttpResponse(null, { status: 202 });
      }),
    ),
    http.post(
      `${API}/payments/:id/captures`,
      endpoint((body, { id }) => {
        const payment = current(id!);
        if (!payment) return noPayment(id!);
        if (payment.status !== "authorized")
          return mollieError(422, "Unprocessable Entity", "The payment cannot be captured");
        const amount = (body.amount as Amount | undefined) ?? payment.amount;
        const minor = toMinor(amount);
        if (minor === undefined || minor > toMinor(payment.amount)!)
          return mollieError(
            422,
            "Unprocessable Entity",
            "The capture amount is higher than the authorized amount",
            "amount",
          );
        payment.status = "paid";
        payment.paidAt = iso();
        payment.amountCaptured = amount;
        notify(payment);
        return HttpResponse.json(
          {
            resource: "capture",
            id: nextId("cpt"),
            mode: "test",
            amount,
            status: "succeeded",
            paymentId: payment.id,
            createdAt: iso(),
            _links: { self: { href: `${API}/payments/${payment.id}/captures` } },
          },
          { status: 201 },
        );
      }),
    ),
    http.post(
      `${API}/payments/:id/refunds`,
      endpoint((body, { id }) => {
        const payment = current(id!);
        if (!payment) return noPayment(id!);
        if (payment.status !== "paid")
          return mollieError(422, "Unprocessable Entity", "The payment cannot be refunded");
        const amount = body.amount as Amount | undefined;
        const minor = amount ? toMinor(amount) : undefined;
        if (!amount || minor === undefined || amount.currency !== payment.amount.currency)
          return mollieError(422, "Unprocessable Entity", "The amount is invalid", "amount");
        const captured = toMinor((payment.amountCaptured as Amount) ?? payment.amount)!;
        if (minor > captured - refunded(payment))
          return mollieError(
            422,
            "Unprocessable Entity",
            "The refund amount is higher than the remaining amount of the payment",
            "amount",
          );
        const refund: MockRefund = {
          resource: "refund",
          id: nextId("re"),
          mode: "test",
          amount,
          status: "pending",
          createdAt: iso(),
          description: body.description ?? "",
          metadata: body.metadata ?? null,
          paymentId: payment.id,
          _links: { self: { href: `${API}/payments/${payment.id}/refunds` } },
        };
        refunds.set(payment.id, [...(refunds.get(payment.id) ?? []), refund]);
        return HttpResponse.json(refund, { status: 201 });
      }),
    ),
  ];

  return {
    handlers,
    requests,
    /** Notifications sent so far, in order, each for the test to deliver to the kit. */
    notifications,
    /** A payment's refunds as the mock holds them, oldest first. */
    refunds: (paymentId: string) => [...(refunds.get(paymentId) ?? [])],
    /** Every payment the mock holds, oldest first. */
    payments: () => [...payments.keys()].map((id) => current(id)!),
    /** A payment as the mock holds it (expiring it first if due), for assertions. */
    payment: (id: string) => current(id),
    /** Acts as the buyer on Mollie's checkout; `"refused"` once the payment is no longer open. */
    buyer(id: string, choice: "pay" | "decline" | "cancel"): "accepted" | "refused" {
      const payment = current(id);
      if (payment?.status !== "open") return "refused";
      if (choice === "pay") {
        payment.status = payment.captureMode === "manual" ? "authorized" : "paid";
        if (payment.status === "paid") payment.paidAt = iso();
        else payment.authorizedAt = iso();
        payment.method ??= "creditcard";
      } else if (choice === "decline") {
        payment.status = "failed";
        payment.failedAt = iso();
      } else {
        payment.status = "canceled";
        payment.canceledAt = iso();
      }
      payment.isCancelable = false;
      delete payment.expiresAt;
      notify(payment);
      return "accepted";
    },
    /** Moves a refund to one of its later statuses (Mollie notifies for processing, refunded, failed). */
    settleRefund(refundId: string, status: MockRefund["status"]): void {
      for (const list of refunds.values()) {
        const refund = list.find((r) => r.id === refundId);
        if (!refund) continue;
        refund.status = status;
        if (status !== "queued" && status !== "pending") notify(payments.get(refund.paymentId)!);
        return;
      }
      throw new Error(`no refund ${refundId}`);
    },
    /** A payment created directly at Mollie (not by the kit), e.g. from the dashboard. */
    foreignPayment(amount: Amount, status: MockPayment["status"] = "paid"): string {
      const id = nextId("tr");
      payments.set(id, {
        id,
        createdAt: iso(),
        amount,
        description: "Created outside the kit",
        metadata: null,
        status,
        isCancelable: false,
        captureMode: "automatic",
        ...(status === "paid" ? { paidAt: iso() } : {}),
      });
      return id;
    },
  };
}

export type MollieApiMock = ReturnType<typeof createMollieApiMock>;
