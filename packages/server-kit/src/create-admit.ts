import { type AdmitOptions, resolveAdmitOptions } from "./admit-options.js";
import { AdmitError, isAdmitError } from "./errors/admit-error.js";
import { fromDatabaseError } from "./errors/database-error.js";
import { ADMIN_ORDER_ROUTES } from "./http/admin-order-routes.js";
import { ADMIN_ROUTES } from "./http/admin-routes.js";
import { ClientRateLimiter } from "./http/client-rate-limiter.js";
import { applyCorsHeaders, preflightResponse } from "./http/cors.js";
import { DELIVERY_ROUTES } from "./http/delivery-routes.js";
import { EventViewCache } from "./http/event-view-cache.js";
import { OPERATION_ROUTES } from "./http/operation-routes.js";
import { PAYMENT_LINK_ROUTES } from "./http/payment-link-routes.js";
import { internalErrorResponse, problemResponse } from "./http/problem-response.js";
import { PROMO_CODE_ROUTES } from "./http/promo-code-routes.js";
import { PUBLIC_ROUTES } from "./http/public-routes.js";
import { RECONCILIATION_ROUTES } from "./http/reconciliation-routes.js";
import { matchRoute, type RouteAccess } from "./http/route-table.js";
import { TICKET_KEY_ROUTES } from "./http/ticket-key-routes.js";
import { repairTierCounters } from "./services/holds/tier-counter-repair.js";
import type { KitContext } from "./services/kit-context.js";
import { withConfirmation } from "./services/notifications/confirmation-hook.js";
import { deliverOrderNotifications } from "./services/notifications/order-notifications.js";
import { syncWebhookEndpoints } from "./services/notifications/outbound-webhooks.js";
import { reconcilePending } from "./services/reconciliation/reconcile-pending.js";
import { serveWaitlists } from "./services/waitlist/waitlist-offers.js";
import { ambientStore } from "./store/ambient-transaction.js";
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
  /**
   * One pass of the kit's maintenance: look pending orders up at their providers, expire what
   * is due, offer freed seats to the waitlist, retry notifications, purge old idempotency keys.
   * Returns how many orders changed. Rejects when the database is unreachable: run it through
   * {@link Admit.startBackgroundWork} rather than a bare `setInterval`.
   */
  reconcilePending(): Promise<number>;
  /**
   * Run {@link Admit.reconcilePending} every `every` milliseconds, starting now. Errors go to
   * `onError`, never to the process (a database that is briefly unreachable costs one report per
   * pass); a pass still running when the next is due is not doubled; the timer is unref'd, so it
   * never keeps the process alive. Safe with several processes on one database: each pass locks
   * what it changes, so each order is looked up and expired once. `close()` stops it too.
   *
   * @returns a function that stops the work and resolves once a pass in flight has finished.
   * @example
   * const stop = admit.startBackgroundWork({ every: 60_000 });
   * process.on("SIGTERM", async () => { await stop(); await admit.close(); });
   */
  startBackgroundWork(options?: BackgroundWorkOptions): () => Promise<void>;
  /**
   * Hands `error` to `onError` (never throws). Adapters use it for what goes wrong outside a
   * request's handling, such as a host whose body parser consumed the body before the kit.
   */
  reportError(error: unknown): void;
  /**
   * Stop the background work, wait for the order notifications being delivered, then close the
   * store (its `pg` pool or PGlite database). Call it once the server stopped taking requests; a
   * second call is harmless.
   * @example process.once("SIGTERM", () => server.close(() => void admit.close()));
   */
  close(): Promise<void>;
}

/** Options of {@link Admit.startBackgroundWork}. */
export interface BackgroundWorkOptions {
  /**
   * Milliseconds between passes.
   * @default 60_000
   */
  every?: number;
}

/** Every route of the kit (exported for the test that compares it with the OpenAPI document). */
export const ROUTES = [
  ...PUBLIC_ROUTES,
  ...DELIVERY_ROUTES,
  ...ADMIN_ROUTES,
  ...ADMIN_ORDER_ROUTES,
  ...PAYMENT_LINK_ROUTES,
  ...RECONCILIATION_ROUTES,
  ...TICKET_KEY_ROUTES,
  ...PROMO_CODE_ROUTES,
  ...OPERATION_ROUTES,
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
    // Idempotent routes run their work inside the transaction that claims the key.
    store: ambientStore(resolved.store),
    options: resolved,
    providers: new Map(resolved.providers.map((p) => [p.name, p])),
    defaultProvider: resolved.providers[0]!,
  };
  const limiter = new ClientRateLimiter(resolved.rateLimit);
  const eventViews = new EventViewCache(resolved.eventViewCache ? undefined : 0);
  // Without the publicUrl option, reconcilePending offers waitlist seats with the URL of the
  // last request this process answered (an offer's payment page returns the buyer there).
  let lastPublicUrl: string | undefined;
  // One migration run at a time: every request, delivery pass and reconcile awaits it before
  // touching a table. A failed run is reported to onError once (not once per waiting caller),
  // the callers answer 503 busy, and the next use starts a new run.
  const migrationFailures = new WeakSet<object>();
  let ready: Promise<void> | undefined;
  const ensureMigrated = () => {
    const webhooks = resolved.outboundWebhooks;
    ready ??= migrate(kit.store)
      .then(() => webhooks && syncWebhookEndpoints(kit.store, webhooks))
      .then(
        () => undefined,
        (error: unknown) => {
          ready = undefined;
          const failure = new Error(
            `@admit/server-kit: Failed to migrate the database (${describe(error)}). Make sure the database is reachable and its user may create tables; the kit tries again on its next use.`,
            { cause: error },
          );
          migrationFailures.add(failure);
          report(failure);
          throw failure;
        },
      );
    return ready;
  };
  const report = (error: unknown) => {
    try {
      resolved.onError(error);
    } catch {
      // A throwing onError must not stop the kit's own work.
    }
  };
  // Deliveries run after the answer is built, one at a time per process: a call while one runs
  // queues a single follow-up (which sees everything committed before the call), so a burst of
  // requests costs at most two delivery passes, and awaiting deliver() waits for what was already
  // in flight. Other processes are kept apart by the notification claims. close() waits too.
  const notified = {
    ...resolved,
    onOrderEvent: withConfirmation(
      kit,
      resolved.onOrderEvent,
      () => resolved.publicUrl ?? lastPublicUrl,
    ),
  };
  let running: Promise<unknown> | undefined;
  let queued: Promise<unknown> | undefined;
  const runDelivery = (): Promise<unknown> => {
    const run = ensureMigrated()
      .then(() => deliverOrderNotifications(kit.store, notified))
      .catch((error: unknown) => {
        if (!migrationFailures.has(error as object)) report(error);
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

  async function reconcile() {
    await ensureMigrated();
    await repairTierCounters(kit);
    let changed: number;
    try {
      changed = await reconcilePending(kit, lastPublicUrl);
    } finally {
      // Expiries and waitlist offers change availability.
      eventViews.invalidate();
    }
    await deliver();
    return changed;
  }
  const backgroundWork = new Set<() => Promise<void>>();

  async function dispatch(
    request: Request,
    context: HandleContext,
    access: { value: RouteAccess | undefined },
    changed: () => void,
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
    if (route.needsSchema !== false) await ensureMigrated();
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
      eventViews,
      changed,
      migrate: ensureMigrated,
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
      // Every write may change availability and leave order notifications; a read only when it
      // says so (a poll that looked a payment up or expired the order).
      let changed = !["GET", "HEAD", "OPTIONS"].includes(request.method);
      let response: Response;
      try {
        response = await dispatch(request, context, access, () => {
          changed = true;
        });
      } catch (caught) {
        const error = fromDatabaseError(caught);
        if (migrationFailures.has(error as object))
          response = problemResponse(
            new AdmitError(
              "busy",
              "The database is not ready yet; retry shortly",
              {},
              {
                retryAfterSeconds: 5,
              },
            ),
          );
        else if (isAdmitError(error)) response = problemResponse(error);
        else {
          resolved.onError(error);
          response = internalErrorResponse();
        }
      }
      // The kit made this answer, so its headers can be set in place (no copy of the answer).
      if (access.value === "public" || access.value === undefined) {
        // Unknown paths get CORS too, so a browser on an allowed origin can read the 404.
        applyCorsHeaders(request, resolved.allowedOrigins, response.headers);
      }
      response.headers.set("date", resolved.clock().toUTCString());
      if (changed) {
        eventViews.invalidate();
        void deliver();
      }
      return request.method === "HEAD"
        ? new Response(null, { status: response.status, headers: response.headers })
        : response;
    },
    migrate: async () => {
      await ensureMigrated();
    },
    reconcilePending: reconcile,
    startBackgroundWork({ every = 60_000 } = {}) {
      if (!Number.isFinite(every) || every <= 0)
        throw new TypeError(
          `@admit/server-kit: Failed to start background work: \`every\` is ${every}. Make sure to pass a positive number of milliseconds, e.g. { every: 60_000 }.`,
        );
      let pass: Promise<void> | undefined;
      const tick = () => {
        pass ??= reconcile()
          .then(
            () => undefined,
            // A failed migration has been reported already, once.
            (error: unknown) => {
              if (!migrationFailures.has(error as object)) report(error);
            },
          )
          .finally(() => {
            pass = undefined;
          });
      };
      const first = setTimeout(tick, 0);
      const timer = setInterval(tick, every);
      first.unref();
      timer.unref();
      const stop = async () => {
        clearTimeout(first);
        clearInterval(timer);
        backgroundWork.delete(stop);
        await pass;
      };
      backgroundWork.add(stop);
      return stop;
    },
    reportError: report,
    async close() {
      await Promise.all([...backgroundWork].map((stop) => stop()));
      await (queued ?? running);
      await kit.store.close();
    },
  };
}

/** A short reason for a log line: the error's own message, or its code. */
function describe(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : String(error);
}
