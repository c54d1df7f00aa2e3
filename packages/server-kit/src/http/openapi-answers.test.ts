// The OpenAPI document is only worth reading if it says what the kit really answers. This tour
// calls every route of the kit, with successes and refusals, and checks each answer against the
// document with a JSON Schema validator: documented status (and problem code), content type and
// body. It fails on an answer the document does not describe, and on a route the tour missed.
import { API_ROUTES } from "@admit/client/openapi";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAnswerChecker } from "../testing/openapi-answers.js";
import { deliverWebhook, sandboxPayment } from "../testing/signed-webhook.js";
import {
  type ApiAnswer,
  type ApiOptions,
  type Harness,
  type KitClient,
  startHarness,
} from "../testing/test-harness.js";

const SHOP = "https://shop.example";
const ADMIN = { token: "admin-secret" };
const BUYER = { name: "Ada Lovelace", email: "ada@example.com" };
const EUR = (amount: number) => ({ amount, currency: "EUR" });

describe("every answer of a tour of the kit matches the OpenAPI document", () => {
  const check = createAnswerChecker();
  const called = new Set<string>();
  let h: Harness;
  let c: KitClient;
  const eventId = "tour";

  /** Call `route` (`:name` parameters filled from `params`) and check the answer. */
  async function call(
    method: string,
    route: string,
    params: Record<string, string> = {},
    options: ApiOptions & { query?: string } = {},
  ): Promise<ApiAnswer> {
    const path = route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!));
    const answer = await c.api(method, `${path}${options.query ?? ""}`, options);
    checked(method, route, answer);
    return answer;
  }
  function checked(method: string, route: string, answer: ApiAnswer) {
    const problems = check({
      method,
      route,
      status: answer.status,
      contentType: answer.headers.get("content-type"),
      text: answer.text,
    });
    expect(problems, `${method} ${route} answered ${answer.status} ${answer.text}`).toEqual([]);
    called.add(`${method} ${route}`);
  }

  beforeAll(async () => {
    h = await startHarness({ store: "postgres", kit: { allowedOrigins: [SHOP] } });
    c = h.via.express;
  });
  afterAll(() => h?.close());

  test("the checker refuses what the document does not say (guards the tour)", () => {
    const answer = { method: "GET", route: "/events/:eventId", contentType: "application/json" };
    expect(check({ ...answer, status: 200, text: JSON.stringify({ id: "x" }) })).not.toEqual([]);
    expect(check({ ...answer, status: 418, text: "" })).not.toEqual([]);
    const soldOut = { code: "sold_out", status: 409, type: "t", title: "t" };
    expect(
      check({
        ...answer,
        status: 409,
        contentType: "application/problem+json",
        text: JSON.stringify(soldOut),
      }),
    ).not.toEqual([]);
    expect(check({ ...answer, route: "/nowhere", status: 200, text: "{}" })).not.toEqual([]);
  });

  test("a buyer's routes, with their refusals", async () => {
    expect(
      (
        await call(
          "PUT",
          "/admin/events/:eventId",
          { eventId },
          {
            ...ADMIN,
            body: {
              name: "Tour",
              startsAt: new Date(Date.now() + 86_400_000).toISOString(),
              currency: "EUR",
              collectAttendees: true,
              tiers: [
                { id: "ga", name: "GA", price: EUR(4500), capacity: 100 },
                { id: "vip", name: "VIP", price: EUR(9000), capacity: 2, waitlist: true },
              ],
            },
          },
        )
      ).status,
    ).toBe(201);
    expect((await call("GET", "/events/:eventId", { eventId })).status).toBe(200);
    expect((await call("GET", "/events/:eventId", { eventId: "nope" })).status).toBe(404);

    const vip = await call(
      "POST",
      "/holds",
      {},
      {
        body: { eventId, items: [{ tierId: "vip", quantity: 2 }] },
      },
    );
    expect(vip.status).toBe(201);
    const soldOut = await call(
      "POST",
      "/holds",
      {},
      {
        body: { eventId, items: [{ tierId: "vip", quantity: 1 }] },
      },
    );
    expect(soldOut.body.code).toBe("sold_out");
    expect((await call("POST", "/holds", {}, { body: { eventId, items: [] } })).status).toBe(422);
    expect(
      (await call("POST", "/holds", {}, { body: { eventId, items: [] }, key: null })).status,
    ).toBe(400);
    expect(
      (
        await call(
          "POST",
          "/waitlist",
          {},
          {
            body: { eventId, tierId: "vip", email: "grace@example.com", quantity: 1 },
          },
        )
      ).status,
    ).toBe(201);
    const holdId = vip.body.id;
    expect(
      (await call("GET", "/holds/:holdId", { holdId }, { token: vip.body.token })).status,
    ).toBe(200);
    expect(
      (await call("GET", "/holds/:holdId", { holdId }, { token: "x".repeat(43) })).status,
    ).toBe(404);
    expect(
      (await call("DELETE", "/holds/:holdId", { holdId }, { token: vip.body.token })).status,
    ).toBe(204);

    const hold = await call(
      "POST",
      "/holds",
      {},
      {
        body: { eventId, items: [{ tierId: "ga", quantity: 2 }] },
      },
    );
    const checkout = await call(
      "POST",
      "/holds/:holdId/checkout",
      { holdId: hold.body.id },
      {
        token: hold.body.token,
        body: {
          buyer: BUYER,
          attendees: [
            { tierId: "ga", name: "Ada Lovelace" },
            { tierId: "ga", name: "Charles Babbage" },
          ],
          returnUrl: `${SHOP}/thanks`,
        },
      },
    );
    expect(checkout.status).toBe(201);
    const again = await call(
      "POST",
      "/holds/:holdId/checkout",
      { holdId: hold.body.id },
      {
        token: hold.body.token,
        body: { buyer: BUYER, returnUrl: `${SHOP}/thanks` },
      },
    );
    expect(again.status).toBe(409);
    const orderId = checkout.body.order.id;
    const token = checkout.body.orderToken;
    expect((await call("GET", "/orders/:orderId", { orderId }, { token })).status).toBe(200);
    await h.choose(checkout.body.paymentUrl, "pay");
    expect((await c.pollOrder(orderId, token, (s) => s === "paid")).body.status).toBe("paid");
    const retry = await call("POST", "/orders/:orderId/payments", { orderId }, { token, body: {} });
    expect(retry.body.code).toBe("order_not_payable");
    expect((await call("GET", "/return/:orderId", { orderId })).status).toBe(303);

    const admin = await call("GET", "/admin/orders/:orderId", { orderId }, ADMIN);
    const payment = await sandboxPayment(h, admin.body.payments[0].providerReference);
    checked("POST", "/webhooks/:provider", await deliverWebhook(h, c, payment));
    checked(
      "POST",
      "/webhooks/:provider",
      await deliverWebhook(h, c, payment, { tamper: (b) => `${b} ` }),
    );
    const retryable = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }], {
      attendees: [{ tierId: "ga", name: "Grace Hopper" }],
    });
    const { order, orderToken, paymentUrl } = retryable.checkout.body;
    await h.choose(paymentUrl, "decline");
    await c.pollOrder(order.id, orderToken, (s) => s === "failed");
    const attempt = await call(
      "POST",
      "/orders/:orderId/payments",
      { orderId: order.id },
      {
        token: orderToken,
        body: {},
      },
    );
    expect(attempt.status).toBe(201);
  });

  test("the back office's routes, with their refusals", async () => {
    expect((await call("GET", "/admin/orders", {}, {})).status).toBe(401);
    expect((await call("GET", "/admin/orders", {}, { token: "intern" })).status).toBe(403);
    expect(
      (await call("GET", "/admin/orders", {}, { ...ADMIN, query: "?limit=1001" })).status,
    ).toBe(422);
    const page = await call(
      "GET",
      "/admin/orders",
      {},
      {
        ...ADMIN,
        query: `?eventId=${eventId}&status=paid`,
      },
    );
    const order = page.body.items[0];
    const orderId = order.id;
    expect(
      (
        await call(
          "PUT",
          "/admin/events/:eventId",
          { eventId },
          {
            ...ADMIN,
            body: {
              name: "Tour, renamed",
              startsAt: new Date(Date.now() + 86_400_000).toISOString(),
              currency: "EUR",
              tiers: [
                { id: "ga", name: "GA", price: EUR(4500), capacity: 100 },
                { id: "vip", name: "VIP", price: EUR(9000), capacity: 2, waitlist: true },
              ],
            },
          },
        )
      ).status,
    ).toBe(200);
    expect((await call("GET", "/admin/orders/:orderId/timeline", { orderId }, ADMIN)).status).toBe(
      200,
    );
    expect(
      (await call("GET", "/admin/orders/:orderId/cancellation", { orderId }, ADMIN)).status,
    ).toBe(200);
    const [first, second] = order.tickets;
    const ticketId = first.id;
    expect(
      (
        await call(
          "PATCH",
          "/admin/tickets/:ticketId/attendee",
          { ticketId },
          {
            ...ADMIN,
            body: { name: "Ada King", reason: "married name" },
          },
        )
      ).status,
    ).toBe(200);
    expect(
      (await call("POST", "/admin/check-ins", {}, { ...ADMIN, body: { code: first.code } })).status,
    ).toBe(200);
    const twice = await call(
      "POST",
      "/admin/check-ins",
      {},
      { ...ADMIN, body: { code: first.code } },
    );
    expect(twice.body.code).toBe("already_checked_in");
    const resolve = await call(
      "POST",
      "/admin/orders/:orderId/resolve",
      { orderId },
      {
        ...ADMIN,
        body: { decision: "accept", reason: "not in review" },
      },
    );
    expect(resolve.body.code).toBe("order_not_payable");
    expect(
      (
        await call(
          "POST",
          "/admin/orders/:orderId/refunds",
          { orderId },
          {
            ...ADMIN,
            body: { amount: EUR(1000), reason: "goodwill" },
          },
        )
      ).status,
    ).toBe(200);
    const tooMuch = await call(
      "POST",
      "/admin/orders/:orderId/refunds",
      { orderId },
      {
        ...ADMIN,
        body: { amount: EUR(1_000_000), reason: "too much" },
      },
    );
    expect(tooMuch.body.code).toBe("refund_exceeds_paid");
    expect(
      (
        await call(
          "POST",
          "/admin/orders/:orderId/cancel",
          { orderId },
          {
            ...ADMIN,
            body: { ticketIds: [second.id], reason: "cannot come", refund: true },
          },
        )
      ).status,
    ).toBe(200);
    const link = await call(
      "POST",
      "/admin/payment-links",
      {},
      {
        ...ADMIN,
        body: { eventId, items: [{ tierId: "ga", quantity: 1 }], buyer: BUYER, reference: "INV-1" },
      },
    );
    expect(link.status).toBe(201);
    expect(
      (await call("DELETE", "/admin/payment-links/:linkId", { linkId: link.body.id }, ADMIN))
        .status,
    ).toBe(204);
    expect(
      (await call("GET", "/admin/events/:eventId/reconciliation", { eventId }, ADMIN)).status,
    ).toBe(200);
  });

  test("operations", async () => {
    expect((await call("GET", "/health")).status).toBe(200);
    expect((await call("GET", "/ready")).status).toBe(200);
    expect((await call("GET", "/openapi.json")).status).toBe(200);
  });

  test("the tour called every documented route", () => {
    const documented = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(documented.filter((route) => !called.has(route))).toEqual([]);
  });
});
