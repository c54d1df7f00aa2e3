import type { AddressInfo } from "node:net";
import express from "express";
import Fastify from "fastify";
import { setupServer } from "msw/node";
import { admitRouter } from "../adapters/express.js";
import { admitPlugin } from "../adapters/fastify.js";
import type { AdmitOptions } from "../admit-options.js";
import { type Admit, createAdmit } from "../create-admit.js";
import { mollieProvider } from "../providers/mollie/mollie-provider.js";
import type { LookupPaymentProvider } from "../providers/payment-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "./kit-request.js";
import { createMollieApiMock, type MollieNotification } from "./mollie-api-mock.js";
import { createTestDatabase, type StoreKind, type TestDatabase } from "./test-stores.js";

/** Where the kit is as Mollie sees it: Mollie refuses local webhook URLs. */
export const MOLLIE_KIT_PUBLIC_URL = "https://tickets.example/admit";

export interface MollieKit {
  admit: Admit;
  /** The kit's Mollie provider, to make payments behind the kit's back. */
  provider: LookupPaymentProvider;
  mock: ReturnType<typeof createMollieApiMock>;
  server: ReturnType<typeof setupServer>;
  /**
   * Delivers a notification to the kit's webhook route, as Mollie would (through the framework's
   * mount when there is one), answering the status and the JSON body.
   */
  deliver(
    notification: Pick<MollieNotification, "rawBody" | "headers">,
    // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field.
  ): Promise<{ status: number; body: any }>;
  /** A `pending_payment` order of one seat with one open Mollie payment. */
  pendingOrder(): Promise<{ orderId: string; token: string; reference: string }>;
  close(): Promise<void>;
}

/**
 * A kit whose provider is the official Mollie client talking to the msw mock of Mollie's API
 * (Mollie cannot be reached here), with one event `eventId` of 10 seats at 10.00 EUR, on the
 * given store; with a `framework`, notifications go through a real Express 5 or Fastify 5 mount
 * (otherwise straight to `admit.handle`).
 *
 * @example
 * const kit = await startMollieKit({ store: "pglite", eventId: "mollie-rules", framework: "fastify" });
 */
export async function startMollieKit(options: {
  store: StoreKind;
  eventId: string;
  framework?: "express" | "fastify";
  kit?: Partial<AdmitOptions>;
}): Promise<MollieKit> {
  const apiKey = "test_admitMollieKit00000000000000";
  const mock = createMollieApiMock({ apiKey, now: () => new Date() });
  const server = setupServer(...mock.handlers);
  // Requests to the local mount pass; anything else unmocked is a test error.
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== "127.0.0.1") print.error();
    },
  });
  const db: TestDatabase = await createTestDatabase(options.store);
  const provider = mollieProvider({ apiKey });
  const admit = createAdmit({
    store: db.store,
    providers: [provider],
    authorize: testAuthorize,
    allowedOrigins: ["https://shop.example"],
    publicUrl: MOLLIE_KIT_PUBLIC_URL,
    ...options.kit,
  });
  await createEventDirect(admit, options.eventId, { capacity: 10 });
  let mountUrl: string | undefined;
  let closeMount = async () => {};
  if (options.framework === "express") {
    const app = express();
    app.use("/admit", admitRouter(admit));
    const listening = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => listening.once("listening", () => resolve()));
    mountUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/admit`;
    closeMount = () =>
      new Promise<void>((resolve) => {
        listening.close(() => resolve());
        listening.closeAllConnections();
      });
  } else if (options.framework === "fastify") {
    const app = Fastify();
    await app.register(admitPlugin, { prefix: "/admit", admit });
    mountUrl = `${await app.listen({ port: 0, host: "127.0.0.1" })}/admit`;
    closeMount = () => app.close();
  }
  return {
    admit,
    provider,
    mock,
    server,
    async deliver(notification) {
      const body = notification.rawBody.slice().buffer as ArrayBuffer;
      const init = { method: "POST", headers: notification.headers, body };
      const response = mountUrl
        ? await fetch(`${mountUrl}/webhooks/mollie`, init)
        : await admit.handle(new Request("http://kit.test/webhooks/mollie", init), {
            clientIp: "203.0.113.9",
          });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async pendingOrder() {
      const hold = await kitRequest(admit, "POST", "/holds", {
        body: { eventId: options.eventId, items: [{ tierId: "ga", quantity: 1 }] },
      });
      const checkout = await kitRequest(admit, "POST", `/holds/${hold.body.id}/checkout`, {
        token: hold.body.token,
        body: {
          buyer: { name: "Ada", email: "ada@example.com" },
          returnUrl: "https://shop.example/t",
        },
      });
      if (checkout.status !== 201)
        throw new Error(`checkout ${checkout.status} ${JSON.stringify(checkout.body)}`);
      const orderId = checkout.body.order.id as string;
      const payment = mock
        .payments()
        .find((p) => (p.metadata as { orderId?: string } | null)?.orderId === orderId);
      if (!payment) throw new Error(`no payment was created at Mollie for ${orderId}`);
      return { orderId, token: checkout.body.orderToken as string, reference: payment.id };
    },
    async close() {
      server.close();
      await closeMount();
      await admit.close();
      await db.drop();
    },
  };
}
