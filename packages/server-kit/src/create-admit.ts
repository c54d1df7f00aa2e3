import { type AdmitOptions, resolveAdmitOptions } from "./admit-options.js";
import { AdmitError, isAdmitError } from "./errors/admit-error.js";
import { fromDatabaseError } from "./errors/database-error.js";
import { ADMIN_ORDER_ROUTES } from "./http/admin-order-routes.js";
import { ADMIN_ROUTES } from "./http/admin-routes.js";
import { ClientRateLimiter } from "./http/client-rate-limiter.js";
import { corsHeaders, preflightResponse, withHeaders } from "./http/cors.js";
import { PAYMENT_LINK_ROUTES } from "./http/payment-link-routes.js";
import { internalErrorResponse, problemResponse } from "./http/problem-response.js";
import { PUBLIC_ROUTES } from "./http/public-routes.js";
import { RECONCILIATION_ROUTES } from "./http/reconciliation-routes.js";
import { matchRoute, type RouteAccess } from "./http/route-table.js";
import type { KitContext } from "./services/kit-context.js";
import { deliverOrderNotifications } from "./services/order-notifications.js";
import { reconcilePending } from "./services/order-service.js";
import { syncWebhookEndpoints } from "./services/outbound-webhooks.js";
import { serveWaitlists } from "./services/waitlist-offers.js";
import { migrate } from "./store/migrate.js";
import { createPgliteStore } from "./store/pglite-store.js";

/** What an adapter knows about a request that the Fetch `Request` cannot carry. */
export interface HandleContext {
  /**
   * The client's IP address (per-client hold cap and rate limits). Adapters pass the
   * framework's `req.ip` (which honours its trust-proxy setting).
   * @default "unknown" (every caller then shares one budget: pass it when calling `handle` yourself)
   */
  clientIp?: string;
  /**
   * The mount path the adapter stripped, e.g. `/admit`; `request.url` keeps the full path.
   * @default ""
   */
  basePath?: string;
}

/** A mounted kit: a Fetch API handler plus maintenance calls. */
export interface Admit {
  /** Answer one request. Paths are relative to `context.basePath` (adapters set it). */
  handle(request: Request, context?: HandleContext): Promise<Response>;
  /** Apply pending schema migrations now (also done automatically on first use). */
  migrate(): Promise<void>;
  /** Look pending orders up at their providers, expire what is due; returns how many orders changed. */
  reconcilePending(): Promise<number>;
  /**
   * Hands `error` to `onError` (never throws). Adapters use it for what goes wrong outside a
   * request's handling, such as a host whose body parser consumed the body before the kit.
   */
  reportError(error: unknown): void;
  close(): Promise<void>;
}

const ROUTES = [
  ...PUBLIC_ROUTES,
  ...ADMIN_ROUTES,
  ...ADMIN_ORDER_ROUTES,
  ...PAYMENT_LINK_ROUTES,
  ...RECONCILIATION_ROUTES,
];

/**
 * Create the server kit: a framework-neutral Fetch API handler over a PostgreSQL store.
 *
 * @example
 * const admit = createAdmit({
 *   store: createPostgresStore({ connectionString: process.env.DATABASE_URL! }),
 *   providers: [sandboxProvider({ url, apiKey, webhookSecret })],
 *   allowedOrigins: ["https://shop.example.com"],
 *   authorize: (request) => (isStaff(request) ? { id: "u1", name: "Box office" } : null),
 * });
 * app.use("/admit", admitRouter(admit)); // Express; or fastify.register(admitPlugin, { prefix: "/admit", admit })
 */
export function createAdmit(options: AdmitOptions): Admit {
  const resolved = resolveAdmitOptions(options, () => createPgliteStore());
  const kit: KitContext = {
    store: resolved.store,
    options: resolved,
    providers: new Map(resolved.providers.map((p) => [p.name, p])),
    defaultProvider: resolved.providers[0]!,
  };
  const limiter = new ClientRateLimiter(resolved.rateLimit);
  // Without the publicUrl option, reconcilePending offers waitlist seats with the URL of the
  // last request this process answered (an offer's payment page returns the buyer there).
  let lastPublicUrl: string | undefined;
  let ready: Promise<void> | undefined;
  const ensureMigrated = () => {
    const webhooks = resolved.outboundWebhooks;
    ready ??= migrate(kit.store)
      .then(() => webhooks && syncWebhookEndpoints(kit.store, webhooks))
      .then(
        () => undefined,
        (error: unknown) => {
          ready = undefined;
          throw error;
        },
      );
    return ready;
  };
  // Deliveries run after the answer is built, one at a time per process: a call while one runs
  // queues a single follow-up (which sees everything committed before the call), so a burst of
  // requests costs at most two delivery passes, and awaiting deliver() waits for what was already
  // in flight. Other processes are kept apart by the notification claims. close() waits too.
  let running: Promise<unknown> | undefined;
  let queued: Promise<unknown> | undefined;
  const runDelivery = (): Promise<unknown> => {
    const run = deliverOrderNotifications(kit.store, resolved)
      .catch((error: unknown) => {
        try {
          resolved.onError(error);
        } catch {
          // A throwing onError must not stop this process's deliveries for good.
        }
      })
      .finally(() => {
        if (running === run) running = undefined;
      });
    running = run;
    return run;
  };
  const deliver = (): Promise<unknown> => {
    if (queued) return queued;
    if (!running) return runDelivery();
    const next = running.then(() => {
      queued = undefined;
      return runDelivery();
    });
    queued = next;
    return next;
  };

  async function dispatch(
    request: Request,
    context: HandleContext,
    access: { value: RouteAccess | undefined },
  ) {
    const url = new URL(request.url);
    const basePath = (context.basePath ?? "").replace(/\/+$/, "");
    const path =
      basePath && url.pathname.startsWith(basePath)
        ? url.pathname.slice(basePath.length) || "/"
        : url.pathname;
    const method = request.method === "HEAD" ? "GET" : request.method;
    // Anything under /admin is admin, even an unknown path: it never answers CORS.
    if (path === "/admin" || path.startsWith("/admin/")) access.value = "admin";
    const match = matchRoute(ROUTES, method === "OPTIONS" ? "" : method, path);
    if (!match) throw new AdmitError("not_found", `No route ${request.method} ${path}`);
    if ("pathOnly" in match) {
      access.value = match.pathOnly.access;
      if (method === "OPTIONS" && match.pathOnly.access === "public")
        return preflightResponse(request, resolved.allowedOrigins);
      throw new AdmitError("not_found", `No route ${request.method} ${path}`);
    }
    const { route, params } = match;
    access.value = route.access;
    const clientKey = context.clientIp ?? "unknown";
    let actor: Awaited<ReturnType<typeof resolved.authorize>> | undefined;
    if (route.access === "admin") {
      actor = await resolved.authorize(request);
      if (!actor) throw new AdmitError("unauthorized", "Sign in to use the admin routes");
    } else if (route.access === "public") {
      await limiter.consume(clientKey, "request");
    }
    await ensureMigrated();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const publicUrl = resolved.publicUrl ?? `${url.origin}${basePath}`;
    lastPublicUrl = publicUrl;
    const response = await route.handle({
      kit,
      request,
      url,
      params,
      clientKey,
      publicUrl,
      bearer,
      actor: actor ?? undefined,
      limiter,
    });
    // Seats that came back go to the waitlist before the answer, so a caller that sees it sees
    // the offers too. A failure here is the waitlist's (reconcilePending tries again), never
    // the request's, which has committed.
    if (route.freesSeats && response.status < 300 && !resolved.unsafeDisableWaitlistFirst)
      await serveWaitlists(kit, publicUrl).catch(resolved.onError);
    return response;
  }

  return {
    async handle(request, context = {}) {
      const access: { value: RouteAccess | undefined } = { value: undefined };
      let response: Response;
      try {
        response = await dispatch(request, context, access);
      } catch (caught) {
        const error = fromDatabaseError(caught);
        if (isAdmitError(error)) response = problemResponse(error);
        else {
          resolved.onError(error);
          response = internalErrorResponse();
        }
      }
      if (access.value === "public" || access.value === undefined) {
        // Unknown paths get CORS too, so a browser on an allowed origin can read the 404.
        response = withHeaders(response, corsHeaders(request, resolved.allowedOrigins));
      }
      const headers = new Headers(response.headers);
      headers.set("date", resolved.clock().toUTCString());
      // Only requests that can change an order (writes, webhooks, polls) can leave notifications.
      if (request.method !== "GET" || new URL(request.url).pathname.includes("/orders/"))
        void deliver();
      return new Response(request.method === "HEAD" ? null : response.body, {
        status: response.status,
        headers,
      });
    },
    migrate: async () => {
      await ensureMigrated();
    },
    async reconcilePending() {
      await ensureMigrated();
      const changed = await reconcilePending(kit, lastPublicUrl);
      await deliver();
      return changed;
    },
    reportError(error) {
      try {
        resolved.onError(error);
      } catch {
        // A throwing onError must not turn a report into a failed answer.
      }
    },
    async close() {
      await (queued ?? running);
      await kit.store.close();
    },
  };
}
