import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import type { EventInput } from "@admit/client/contract";
import express from "express";
import Fastify from "fastify";
import { admitRouter } from "../adapters/express.js";
import { admitPlugin } from "../adapters/fastify.js";
import type { AdmitOptions } from "../admit-options.js";
import { type Admit, createAdmit } from "../create-admit.js";
import {
  createSandboxService,
  generateWebhookSecret,
  sandboxProvider,
} from "../providers/sandbox/index.js";
import type { SandboxService } from "../providers/sandbox/sandbox-service.js";
import { createTestDatabase, type StoreKind, type TestDatabase } from "./test-stores.js";

export const FRAMEWORKS = ["express", "fastify"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** Every store × framework pair: route tests run through all of them. */
export const MATRIX = (["pglite", "postgres"] as const).flatMap((store) =>
  FRAMEWORKS.map((framework) => ({ store, framework, name: `${store} + ${framework}` })),
);

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field.
  body: any;
  text: string;
}

export interface Harness {
  admit: Admit;
  db: TestDatabase;
  sandbox: SandboxService;
  webhookSecret: string;
  /** The kit's base URL, e.g. `http://127.0.0.1:41234/admit`. */
  baseUrl: string;
  /** The sandbox's base URL. */
  sandboxUrl: string;
  api(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      token?: string;
      key?: string | null;
      headers?: Record<string, string>;
    },
  ): Promise<ApiAnswer>;
  /** Create an event through the admin route. */
  createEvent(eventId: string, input?: Partial<EventInput>): Promise<void>;
  /** Hold seats and check out; answers the hold and the checkout. */
  buy(
    eventId: string,
    items: { tierId: string; quantity: number }[],
    checkoutBody?: Record<string, unknown>,
  ): Promise<{ hold: ApiAnswer; checkout: ApiAnswer }>;
  /** Press Pay, Decline or Cancel on the sandbox's hosted page (as the buyer's browser would). */
  choose(paymentUrl: string, choice: "pay" | "decline" | "cancel"): Promise<Response>;
  /** Poll the order until `until` returns true (or give up after `tries`). */
  pollOrder(
    orderId: string,
    token: string,
    until: (status: string) => boolean,
    tries?: number,
  ): Promise<ApiAnswer>;
  close(): Promise<void>;
}

const ADMIN = { id: "staff_1", name: "Box office" };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A kit on a real Express 5 or Fastify 5 server (listening on a free port, mounted at /admit),
 * a real sandbox service on its own port sending webhooks over HTTP, and a fresh database.
 */
export async function startHarness(options: {
  store: StoreKind;
  framework: Framework;
  kit?: Partial<AdmitOptions>;
  webhooks?: boolean;
  captureMode?: "automatic" | "manual";
}): Promise<Harness> {
  const db = await createTestDatabase(options.store);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/admit`;
  const webhookSecret = generateWebhookSecret();
  const sandbox = createSandboxService({
    apiKey: "sk_test",
    webhookSecret,
    publicUrl: "http://127.0.0.1:0",
    webhookUrl: `${baseUrl}/webhooks/sandbox`,
    webhooks: options.webhooks ?? true,
    webhookRetry: { attempts: 3, baseDelayMs: 50 },
  });
  const listening = await sandbox.listen();
  const sandboxUrl = listening.url.replace(/\/$/, "");
  const admit = createAdmit({
    store: db.store,
    providers: [
      sandboxProvider({
        url: sandboxUrl,
        apiKey: "sk_test",
        webhookSecret,
        captureMode: options.captureMode ?? "automatic",
      }),
    ],
    authorize: (request) =>
      request.headers.get("authorization") === "Bearer admin-secret" ? ADMIN : null,
    rateLimit: { holdsPerMinute: 10_000, requestsPerMinute: 100_000 },
    maxHeldSeatsPerClient: 10_000,
    lookupAfterMs: 0,
    onError: () => {},
    ...options.kit,
  });
  let stopServer: () => Promise<void>;
  if (options.framework === "express") {
    const app = express();
    app.use("/admit", admitRouter(admit));
    const server = await new Promise<import("node:http").Server>((resolve) => {
      const s = app.listen(port, "127.0.0.1", () => resolve(s));
    });
    stopServer = () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
  } else {
    const app = Fastify();
    await app.register(admitPlugin, { prefix: "/admit", admit });
    await app.listen({ port, host: "127.0.0.1" });
    stopServer = () => app.close();
  }

  const api: Harness["api"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers["content-type"] ??= "application/json";
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (method === "POST" && opts.key !== null && !path.startsWith("/webhooks"))
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

  const harness: Harness = {
    admit,
    db,
    sandbox,
    webhookSecret,
    baseUrl,
    sandboxUrl,
    api,
    async createEvent(eventId, input = {}) {
      const answer = await api("PUT", `/admin/events/${eventId}`, {
        token: "admin-secret",
        body: {
          name: "Spring gala",
          startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          currency: "EUR",
          tiers: [
            {
              id: "ga",
              name: "Standing",
              price: { amount: 4500, currency: "EUR" },
              capacity: 100,
              maxPerOrder: 10,
            },
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
          returnUrl: `http://127.0.0.1:${port}/thanks`,
          ...checkoutBody,
        },
      });
      return { hold, checkout };
    },
    async choose(paymentUrl, choice) {
      const page = new URL(paymentUrl);
      return fetch(`${page.origin}${page.pathname.replace(/\/$/, "")}/${choice}`, {
        method: "POST",
        redirect: "manual",
      });
    },
    async pollOrder(orderId, token, until, tries = 100) {
      let answer = await api("GET", `/orders/${orderId}`, { token });
      for (let i = 0; i < tries && !until(answer.body?.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await api("GET", `/orders/${orderId}`, { token });
      }
      return answer;
    },
    async close() {
      await sandbox.close();
      await stopServer();
      await admit.close();
      await db.drop();
    },
  };
  return harness;
}
