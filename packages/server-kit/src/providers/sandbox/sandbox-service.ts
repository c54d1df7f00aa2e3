import { createHash, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import {
  HOSTED_PAGE_CSS,
  renderHostedPaymentPage,
  STYLESHEET_PATH,
} from "./hosted-payment-page.js";
import {
  CreateSandboxPaymentBody,
  SandboxAmountBody,
  SandboxPaymentListQuery,
} from "./sandbox-api-schemas.js";
import { type BuyerAction, isRefusal, type Refusal, SandboxLedger } from "./sandbox-ledger.js";
import type { SandboxRefundFailure } from "./sandbox-payment.js";
import {
  resolveSandboxServiceOptions,
  type SandboxServiceOptions,
} from "./sandbox-service-options.js";
import { type FetchHandlerServer, serveFetchHandler } from "./serve-fetch-handler.js";
import { WebhookSender } from "./webhook-sender.js";

/** A running sandbox payment service; see {@link createSandboxService}. */
export interface SandboxService {
  /**
   * Fetch API handler. The request path may include `publicUrl`'s path (it is stripped) or be
   * relative to it already, so the service can be mounted under a prefix.
   */
  handle(request: Request): Promise<Response>;
  /**
   * Serves the service on its own port with node:http.
   * @default port: the port of `publicUrl` (0 = any free port), host: "127.0.0.1"
   */
  listen(port?: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
  /**
   * Makes every new refund fail with `reason` (`refund_impossible`, as voucher-type methods
   * answer, or `insufficient_funds`), answered `201` with `status: "failed"` and nothing
   * returned; `null` makes refunds succeed again. Starts from `refundFailure`.
   */
  setRefundFailure(reason: SandboxRefundFailure | null): void;
  /** Switches webhook delivery on or off; off also drops retries still waiting. */
  setWebhooksEnabled(enabled: boolean): void;
  /** Resolves once no webhook delivery is running or waiting for a retry (for tests and shutdown). */
  webhooksSettled(): Promise<void>;
  /** Stops pending webhook retries and closes the servers `listen()` started. */
  close(): Promise<void>;
}

/**
 * A local stand-in for a payment service provider, for development, the demo and tests: an
 * HTTP API for {@link sandboxProvider}, a hosted payment page where the buyer chooses Pay,
 * Decline or Cancel, and Standard Webhooks notifications with retries. No money moves.
 *
 * @example
 * const sandbox = createSandboxService({
 *   apiKey: "sk_sandbox_dev",
 *   webhookSecret,
 *   publicUrl: "http://127.0.0.1:4010",
 *   webhookUrl: "http://127.0.0.1:3000/admit/webhooks/sandbox",
 * });
 * await sandbox.listen();
 * const provider = sandboxProvider({ url: "http://127.0.0.1:4010", apiKey: "sk_sandbox_dev", webhookSecret });
 */
export function createSandboxService(options: SandboxServiceOptions): SandboxService {
  const config = resolveSandboxServiceOptions(options);
  const baseUrl = config.publicUrl;
  const webhooks = new WebhookSender({
    url: config.webhookUrl,
    secret: config.webhookSecret,
    enabled: config.webhooks,
    ...config.webhookRetry,
    fetch: config.fetch,
  });
  const ledger = new SandboxLedger({
    clock: config.clock,
    dataFile: config.dataFile,
    paymentUrl: (id) => new URL(`pay/${encodeURIComponent(id)}`, baseUrl).href,
    onChange: (payment) => webhooks.send(payment),
  });
  ledger.setRefundFailure(config.refundFailure);
  const apiKeyDigest = sha256(config.apiKey);
  const servers = new Set<FetchHandlerServer>();

  function authorized(request: Request): boolean {
    const header = request.headers.get("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7) : "";
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    return timingSafeEqual(sha256(token), apiKeyDigest);
  }

  async function handleApi(request: Request, parts: string[]): Promise<Response> {
    if (!authorized(request)) return apiError(401, "unauthorized", "Wrong or missing API key");
    const [id, action, ...rest] = parts;
    const method = request.method;
    if (rest.length > 0) return apiError(404, "not_found", "No such route");
    if (id === undefined) {
      if (method === "GET") {
        const query = z.safeParse(
          SandboxPaymentListQuery,
          Object.fromEntries(new URL(request.url).searchParams),
        );
        if (!query.success)
          return apiError(422, "invalid_request", "Give eventId and createdFrom (RFC 3339)");
        const { eventId, createdFrom } = query.data;
        return json(200, { data: ledger.list({ eventId, createdFrom: new Date(createdFrom) }) });
      }
      if (method !== "POST") return apiError(405, "method_not_allowed", "Use GET or POST");
      const key = request.headers.get("idempotency-key");
      if (!key) return apiError(400, "idempotency_key_required", "Send an Idempotency-Key header");
      const body = await readBody(request, CreateSandboxPaymentBody);
      if (isRefusal(body)) return refusalResponse(body);
      const created = ledger.create(body, key);
      if (isRefusal(created)) return refusalResponse(created);
      return json(created.replayed ? 200 : 201, created.payment);
    }
    if (action === undefined) {
      if (method !== "GET") return apiError(405, "method_not_allowed", "Use GET");
      return answer(ledger.get(id));
    }
    if (method !== "POST") return apiError(405, "method_not_allowed", "Use POST");
    if (action === "void") return answer(ledger.void(id));
    if (action !== "capture" && action !== "refunds") {
      return apiError(404, "not_found", "No such route");
    }
    const body = await readBody(request, SandboxAmountBody);
    if (isRefusal(body)) return refusalResponse(body);
    if (action === "capture") return answer(ledger.capture(id, body.amount));
    const key = request.headers.get("idempotency-key");
    if (!key) return apiError(400, "idempotency_key_required", "Send an Idempotency-Key header");
    const refund = ledger.refund(id, body.amount, key);
    return isRefusal(refund) ? refusalResponse(refund) : json(201, refund);
  }

  function handlePage(request: Request, parts: string[]): Response {
    const [id, choice, ...rest] = parts;
    const locale = preferredLocale(request);
    if (id === undefined || rest.length > 0) return notFoundPage();
    if (choice === undefined) {
      if (request.method !== "GET" && request.method !== "HEAD") return notFoundPage();
      const payment = ledger.get(id);
      if (isRefusal(payment)) return notFoundPage();
      return page(200, payment, locale);
    }
    if (request.method !== "POST" || !isBuyerAction(choice)) return notFoundPage();
    const result = ledger.act(id, choice);
    if (isRefusal(result)) {
      const payment = ledger.get(id);
      if (isRefusal(payment)) return notFoundPage();
      return page(409, payment, locale, { refused: result.message });
    }
    // The webhook is already queued in the background; the buyer goes back at once, through a
    // page that moves on by itself rather than a redirect: Chromium applies `form-action` to
    // every redirect after a form post, and the way back runs through the kit's return route
    // on to the shop, an origin the sandbox never learns (issue 11 item 7). A meta refresh is
    // a navigation of its own, so `form-action` can stay 'self'.
    return page(200, result, locale, { returnTo: result.returnUrl });
  }

  function page(
    status: number,
    payment: Parameters<typeof renderHostedPaymentPage>[0],
    locale: string,
    options: { refused?: string; returnTo?: string } = {},
  ): Response {
    const html = renderHostedPaymentPage(payment, {
      basePath: baseUrl.pathname,
      now: config.clock(),
      locale,
      ...(options.refused ? { notice: { kind: "error" as const, text: options.refused } } : {}),
      ...(options.returnTo ? { returnTo: options.returnTo } : {}),
    });
    return new Response(html, {
      status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy":
          "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
      },
    });
  }

  async function handle(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      // A bug must not leak a stack trace to the caller; the host's logs are the place for it.
      console.error("[admit sandbox]", error);
      return apiError(500, "internal_error", "The sandbox failed to answer");
    }
  }

  async function route(request: Request): Promise<Response> {
    const parts = routeParts(new URL(request.url).pathname, baseUrl.pathname);
    const [section, ...rest] = parts;
    if (section === "api" && rest[0] === "payments") return handleApi(request, rest.slice(1));
    if (section === "pay") return handlePage(request, rest);
    if (`${section}/${rest.join("/")}` === STYLESHEET_PATH && request.method === "GET") {
      return new Response(HOSTED_PAGE_CSS, {
        headers: { "content-type": "text/css; charset=utf-8", "cache-control": "max-age=3600" },
      });
    }
    return apiError(404, "not_found", "No such route");
  }

  return {
    handle,
    async listen(port, host = "127.0.0.1") {
      const server = await serveFetchHandler(handle, port ?? (Number(baseUrl.port) || 0), host);
      servers.add(server);
      // `publicUrl` with port 0 means "wherever listen() lands", which tests need.
      if (baseUrl.port === "0") baseUrl.port = String(server.port);
      return {
        url: server.url,
        close: async () => {
          servers.delete(server);
          await server.close();
        },
      };
    },
    setRefundFailure: (reason) => ledger.setRefundFailure(reason),
    setWebhooksEnabled: (enabled) => webhooks.setEnabled(enabled),
    webhooksSettled: () => webhooks.idle(),
    async close() {
      webhooks.close();
      await Promise.all([...servers].map((server) => server.close()));
      servers.clear();
    },
  };
}

function routeParts(pathname: string, basePath: string): string[] {
  const relative = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
  try {
    return relative
      .split("/")
      .filter((part) => part !== "")
      .map((part) => decodeURIComponent(part));
  } catch {
    return []; // malformed percent-encoding: no route matches
  }
}

function isBuyerAction(value: string): value is BuyerAction {
  return value === "pay" || value === "decline" || value === "cancel";
}

async function readBody<T>(request: Request, schema: z.ZodMiniType<T>): Promise<T | Refusal> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return { refused: true, status: 400, code: "invalid_json", message: "The body is not JSON" };
  }
  const parsed = z.safeParse(schema, raw);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(body)").join(", ");
  return { refused: true, status: 422, code: "invalid_request", message: `Invalid: ${fields}` };
}

function answer<T>(result: T | Refusal): Response {
  return isRefusal(result) ? refusalResponse(result) : json(200, result);
}

function refusalResponse(refusal: Refusal): Response {
  return apiError(refusal.status, refusal.code, refusal.message);
}

function apiError(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

function notFoundPage(): Response {
  return new Response("<!doctype html><title>Not found</title><p>No such payment.</p>", {
    status: 404,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'",
    },
  });
}

function preferredLocale(request: Request): string {
  const first = request.headers.get("accept-language")?.split(",")[0]?.split(";")[0]?.trim();
  if (!first || first === "*") return "en";
  try {
    return Intl.getCanonicalLocales(first)[0] ?? "en";
  } catch {
    return "en";
  }
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
