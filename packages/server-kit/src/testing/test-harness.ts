import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventInput } from "@admit/client/contract";
import { getRequestListener } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { admitRouter } from "../adapters/express.js";
import { admitFrameworkErrors, admitPlugin } from "../adapters/fastify.js";
import type { AdmitOptions } from "../admit-options.js";
import { type Admit, createAdmit } from "../create-admit.js";
import { AdmitError } from "../errors/admit-error.js";
import type { PaymentProvider } from "../providers/payment-provider.js";
import { generateWebhookSecret } from "../providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import type { SandboxService } from "../providers/sandbox/sandbox-service.js";
import { createSandboxService } from "../providers/sandbox/sandbox-service.js";
import { createTestDatabase, type StoreKind, type TestDatabase } from "./test-stores.js";

/**
 * The frameworks every HTTP suite runs through. Hono is mounted too (`via.hono`, through
 * `admit.handle` alone) but has its own suite (`hono-mount.test.ts`): running every suite a
 * third time would add about 40 % to the HTTP suites' time for a mount with no adapter code.
 */
export const FRAMEWORKS = ["express", "fastify"] as const;
export type Framework = (typeof FRAMEWORKS)[number] | "hono";

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field.
  body: any;
  text: string;
}

export interface ApiOptions {
  body?: unknown;
  token?: string;
  /** Idempotency-Key; a fresh one by default on POST and PATCH, `null` to send none. */
  key?: string | null;
  headers?: Record<string, string>;
}

/** Talks to the kit through one real framework. */
export interface KitClient {
  framework: Framework;
  /** The kit's base URL through this framework, e.g. `http://127.0.0.1:41234/admit`. */
  baseUrl: string;
  api(method: string, path: string, options?: ApiOptions): Promise<ApiAnswer>;
  /** Create an event through the admin route. */
  createEvent(eventId: string, input?: Partial<EventInput>): Promise<void>;
  /** Hold seats and check out; answers the hold and the checkout. */
  buy(
    eventId: string,
    items: { tierId: string; quantity: number }[],
    checkoutBody?: Record<string, unknown>,
  ): Promise<{ hold: ApiAnswer; checkout: ApiAnswer }>;
  /** Poll the order until `until` returns true (or give up after `tries`). */
  pollOrder(
    orderId: string,
    token: string,
    until: (status: string) => boolean,
    tries?: number,
  ): Promise<ApiAnswer>;
}

export interface Harness {
  admit: Admit;
  db: TestDatabase;
  sandbox: SandboxService;
  webhookSecret: string;
  sandboxUrl: string;
  /** The same kit mounted on a real Express 5, a real Fastify 5 and a real Hono 4 server. */
  via: Record<Framework, KitClient>;
  /** Press Pay, Decline or Cancel on the sandbox's hosted page (as the buyer's browser would). */
  choose(paymentUrl: string, choice: "pay" | "decline" | "cancel"): Promise<Response>;
  close(): Promise<void>;
}

const ADMIN = { id: "staff_1", name: "Box office" };

/**
 * An HTTP server already listening on a port of its own, its handler attached later. Asking for
 * a free port, closing it and listening on it again raced: an outgoing connection of a test
 * running beside it could take that port in between (EADDRINUSE under load).
 */
async function listeningServer(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * One kit over a fresh database, mounted at /admit on a real Express 5 server and on a real
 * Fastify 5 server (both on free ports), and a real sandbox service on its own port that sends
 * its webhooks over HTTP to the Express mount. One database per test file keeps PGlite's
 * start-up cost (seconds) to once per file.
 */
export async function startHarness(options: {
  store: StoreKind;
  kit?: Partial<AdmitOptions>;
  webhooks?: boolean;
  /** Which mount the sandbox sends its webhooks to. @default "express" */
  webhooksVia?: "express" | "hono";
  captureMode?: "automatic" | "manual";
  /** Wraps the sandbox provider, to put a test's timing around its calls. */
  wrapProvider?: (provider: PaymentProvider, sandbox: SandboxService) => PaymentProvider;
}): Promise<Harness> {
  const db = await createTestDatabase(options.store);
  // Express and Hono receive the sandbox's webhooks, so their ports are needed before the kit.
  const expressHttp = await listeningServer();
  const honoHttp = await listeningServer();
  const webhookPorts = { express: expressHttp.port, hono: honoHttp.port };
  const webhooksVia = options.webhooksVia ?? "express";
  const webhookSecret = generateWebhookSecret();
  const sandbox = createSandboxService({
    apiKey: "sk_test",
    webhookSecret,
    publicUrl: "http://127.0.0.1:0",
    webhookUrl: `http://127.0.0.1:${webhookPorts[webhooksVia]}/admit/webhooks/sandbox`,
    webhooks: options.webhooks ?? true,
    webhookRetry: { attempts: 3, baseDelayMs: 50 },
  });
  const listening = await sandbox.listen();
  const sandboxUrl = listening.url.replace(/\/$/, "");
  const admit = createAdmit({
    store: db.store,
    providers: [
      (options.wrapProvider ?? ((p) => p))(
        sandboxProvider({
          url: sandboxUrl,
          apiKey: "sk_test",
          webhookSecret,
          captureMode: options.captureMode ?? "automatic",
        }),
        sandbox,
      ),
    ],
    authorize: (request) => {
      const auth = request.headers.get("authorization");
      if (auth === "Bearer intern") throw new AdmitError("forbidden", "Interns cannot see orders");
      return auth === "Bearer admin-secret" ? ADMIN : null;
    },
    rateLimit: { holdsPerMinute: 10_000, requestsPerMinute: 100_000 },
    maxHeldSeatsPerClient: 10_000,
    lookupAfterMs: 0,
    // Suites move expiries and counters by SQL beside the kit and read the view at once; the
    // view cache has its own tests (event-view-cache.test.ts).
    eventViewCache: false,
    onError: () => {},
    ...options.kit,
  });

  const app = express();
  app.use("/admit", admitRouter(admit));
  const server = expressHttp.server.on("request", app);
  const fastify = Fastify({ frameworkErrors: admitFrameworkErrors("/admit") });
  await fastify.register(admitPlugin, { prefix: "/admit", admit });
  await fastify.listen({ port: 0, host: "127.0.0.1" });
  const hono = new Hono();
  hono.all("/admit/*", (c) =>
    admit.handle(c.req.raw, { clientIp: getConnInfo(c).remote.address, basePath: "/admit" }),
  );
  const honoServer = honoHttp.server.on("request", getRequestListener(hono.fetch));
  const ports = {
    express: expressHttp.port,
    fastify: (fastify.server.address() as AddressInfo).port,
    hono: honoHttp.port,
  };

  const via = {
    express: kitClient("express", `http://127.0.0.1:${ports.express}/admit`),
    fastify: kitClient("fastify", `http://127.0.0.1:${ports.fastify}/admit`),
    hono: kitClient("hono", `http://127.0.0.1:${ports.hono}/admit`),
  };
  return {
    admit,
    db,
    sandbox,
    webhookSecret,
    sandboxUrl,
    via,
    async choose(paymentUrl, choice) {
      const page = new URL(paymentUrl);
      return fetch(`${page.origin}${page.pathname.replace(/\/$/, "")}/${choice}`, {
        method: "POST",
        redirect: "manual",
      });
    },
    async close() {
      await sandbox.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await fastify.close();
      await new Promise<void>((resolve) => {
        honoServer.close(() => resolve());
        honoServer.closeAllConnections();
      });
      await admit.close();
      await db.drop();
    },
  };
}

function kitClient(framework: Framework, baseUrl: string): KitClient {
  const api: KitClient["api"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers["content-type"] ??= "application/json";
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (
      (method === "POST" || method === "PATCH") &&
      opts.key !== null &&
      !path.startsWith("/webhooks")
    )
      headers["idempotency-key"] ??= opts.key ?? crypto.randomUUID();
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      redirect: "manual",
      ...(opts.body !== undefined
        ? { body: typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body) }
        : {}),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body, text };
  };
  return {
    framework,
    baseUrl,
    api,
    async createEvent(eventId, input = {}) {
      const answer = await api("PUT", `/admin/events/${eventId}`, {
        token: "admin-secret",
        body: {
          name: "Spring gala",
          startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          currency: "EUR",
          tiers: [
            { id: "ga", name: "Standing", price: { amount: 4500, currency: "EUR" }, capacity: 100 },
            {
              id: "vip",
              name: "VIP",
              price: { amount: 12000, currency: "EUR" },
              capacity: 2,
              maxPerOrder: 2,
              waitlist: true,
            },
          ],
          ...input,
        },
      });
      if (answer.status !== 201 && answer.status !== 200)
        throw new Error(`createEvent: ${answer.status} ${answer.text}`);
    },
    async buy(eventId, items, checkoutBody = {}) {
      const hold = await api("POST", "/holds", { body: { eventId, items } });
      if (hold.status !== 201) throw new Error(`hold: ${hold.status} ${hold.text}`);
      const checkout = await api("POST", `/holds/${hold.body.id}/checkout`, {
        token: hold.body.token,
        body: {
          buyer: { name: "Ada Lovelace", email: "ada@example.com" },
          returnUrl: `${new URL(baseUrl).origin}/thanks`,
          ...checkoutBody,
        },
      });
      return { hold, checkout };
    },
    async pollOrder(orderId, token, until, tries = 100) {
      let answer = await api("GET", `/orders/${orderId}`, { token });
      for (let i = 0; i < tries && !until(answer.body?.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await api("GET", `/orders/${orderId}`, { token });
      }
      return answer;
    },
  };
}
