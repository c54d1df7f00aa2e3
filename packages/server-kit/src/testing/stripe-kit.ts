import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect } from "vitest";
import type { AdmitOptions } from "../admit-options.js";
import { type Admit, createAdmit } from "../create-admit.js";
import { stripeProvider } from "../providers/stripe/stripe-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "./kit-request.js";
import { createStripeApiMock } from "./stripe-api-mock.js";
import { createTestDatabase, type TestDatabase } from "./test-stores.js";

/**
 * A kit on PGlite whose Stripe provider is the official SDK talking to the msw mock of Stripe's
 * REST API (Stripe cannot run here), with one event `eventId` of 10 seats, for the tests of one
 * file: call it at the top of a `describe`, read `admit` inside the tests.
 * @example const stripe = useStripeKit("cancel-stripe"); // then stripe.pendingOrder()
 */
export function useStripeKit(eventId: string, kit: Partial<AdmitOptions> = {}) {
  const secretKey = "sk_test_admit_kit";
  const webhookSecret = "whsec_admit_kit_secret";
  const mock = createStripeApiMock({ secretKey, webhookSecret, now: () => new Date() });
  const server = setupServer(...mock.handlers);
  let db: TestDatabase | undefined;
  let admit: Admit | undefined;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    db = await createTestDatabase("pglite");
    admit = createAdmit({
      store: db.store,
      providers: [stripeProvider({ secretKey, webhookSecret })],
      authorize: testAuthorize,
      allowedOrigins: ["https://shop.example"],
      ...kit,
    });
    await createEventDirect(admit, eventId, { capacity: 10 });
  });
  afterAll(async () => {
    server.close();
    await admit?.close();
    await db?.drop();
  });
  const self = {
    mock,
    server,
    get admit(): Admit {
      if (!admit) throw new Error("useStripeKit: the kit starts in beforeAll");
      return admit;
    },
    /** Hand one webhook the Stripe mock sent (its exact bytes and headers) to the kit. */
    deliver(webhook: (typeof mock.webhooks)[number]): Promise<Response> {
      return self.admit.handle(
        new Request("http://kit.test/webhooks/stripe", {
          method: "POST",
          headers: webhook.headers,
          body: new Uint8Array(webhook.rawBody),
        }),
      );
    },
    /** A `pending_payment` order with one open Checkout Session. */
    async pendingOrder() {
      const hold = await kitRequest(self.admit, "POST", "/holds", {
        body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
      });
      const checkout = await kitRequest(self.admit, "POST", `/holds/${hold.body.id}/checkout`, {
        token: hold.body.token,
        body: {
          buyer: { name: "Ada", email: "ada@example.com" },
          returnUrl: "https://shop.example/t",
        },
      });
      expect(checkout.status).toBe(201);
      return {
        orderId: checkout.body.order.id as string,
        token: checkout.body.orderToken as string,
        session: checkout.body.paymentUrl.split("/").at(-1) as string,
      };
    },
  };
  return self;
}
