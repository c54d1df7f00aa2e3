// The OpenAPI document is only worth reading if it says what the kit really answers. This tour
// calls every route of the kit, with successes and refusals, and checks each answer against the
// document with a JSON Schema validator: documented status (and problem code), content type and
// body (for CSV, its header row). It fails on an answer the document does not describe, and on
// a route (or a CSV answer) the tour missed.
import { ORDER_CSV_COLUMNS, RECONCILIATION_CSV_COLUMNS } from "@admit/client/contract";
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
import { makeTestPassCertificates } from "../testing/wallet-certificates.js";

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
  /** Create or change the tour's event (two tiers), named `name`, with `extra` fields. */
  function putTourEvent(name: string, extra: Record<string, unknown> = {}): Promise<ApiAnswer> {
    return call(
      "PUT",
      "/admin/events/:eventId",
      { eventId },
      {
        ...ADMIN,
        body: {
          name,
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          currency: "EUR",
          tiers: [
            { id: "ga", name: "GA", price: EUR(4500), capacity: 100 },
            { id: "vip", name: "VIP", price: EUR(9000), capacity: 2, waitlist: true },
          ],
          ...extra,
        },
      },
    );
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
    if (answer.status < 300 && answer.headers.get("content-type")?.startsWith("text/csv"))
      called.add(`${method} ${route} text/csv`);
  }

  beforeAll(async () => {
    // Signed ticket codes on, so the tour sees their routes succeed (and check-in refuse a forgery).
    const signedTicketCodes = { keySecret: "tour-secret-that-is-at-least-32-characters" };
    h = await startHarness({
      store: "postgres",
      kit: {
        allowedOrigins: [SHOP],
        signedTicketCodes,
        appleWallet: {
          passTypeIdentifier: "pass.test.admit.tour",
          teamIdentifier: "A1B2C3D4E5",
          organizationName: "Tour",
          ...makeTestPassCertificates("pass.test.admit.tour"),
        },
      },
    });
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
    // CSV only where the document names it, with its header row, in UTF-8.
    const csv = "text/csv; charset=utf-8; header=present";
    expect(check({ ...answer, status: 200, contentType: csv, text: "id\r\nx\r\n" })).not.toEqual(
      [],
    );
    const orders = { method: "GET", route: "/admin/orders", status: 200, contentType: csv };
    const header = `${ORDER_CSV_COLUMNS.join(",")}\r\n`;
    expect(check({ ...orders, text: `\uFEFF${header}` })).toEqual([]);
    expect(check({ ...orders, text: header.replace("order_id,", "") })).not.toEqual([]);
    expect(check({ ...orders, text: `${header}a,b\r\n` })).not.toEqual([]);
    expect(check({ ...orders, contentType: "text/csv", text: header })).not.toEqual([]);
  });

  test("a buyer's routes, with their refusals", async () => {
    expect((await putTourEvent("Tour", { collectAttendees: true })).status).toBe(201);
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
    const receipt = await call("GET", "/orders/:orderId/receipt", { orderId }, { token });
    expect(receipt.body.downloads.wallet).toMatch(/wallet\.pkpass\?token=/);
    expect((await call("GET", "/orders/:orderId/receipt", { orderId }, {})).status).toBe(404);
    for (const file of ["tickets.pdf", "calendar.ics", "wallet.pkpass"]) {
      expect((await call("GET", `/orders/:orderId/${file}`, { orderId }, { token })).status).toBe(
        200,
      );
      const query = `?token=${encodeURIComponent(token)}`;
      expect((await call("GET", `/orders/:orderId/${file}`, { orderId }, { query })).status).toBe(
        200,
      );
      expect((await call("GET", `/orders/:orderId/${file}`, { orderId }, {})).status).toBe(404);
    }

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
    const unpaid = await call(
      "GET",
      "/orders/:orderId/tickets.pdf",
      { orderId: order.id },
      { token: orderToken },
    );
    expect(unpaid.body.code).toBe("order_not_paid");
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
    const csv = await call(
      "GET",
      "/admin/orders",
      {},
      { ...ADMIN, query: `?eventId=${eventId}&format=csv` },
    );
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.text).toContain(orderId);
    const accepted = await call(
      "GET",
      "/admin/orders",
      {},
      { ...ADMIN, query: `?eventId=${eventId}`, headers: { accept: "text/csv" } },
    );
    expect(accepted.text.split("\r\n")[0]).toBe(ORDER_CSV_COLUMNS.join(","));
    const json = await call(
      "GET",
      "/admin/orders",
      {},
      { ...ADMIN, query: "?format=json&limit=1", headers: { accept: "text/csv" } },
    );
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(
      (await call("GET", "/admin/orders", {}, { ...ADMIN, query: "?format=xml" })).status,
    ).toBe(422);
    expect((await putTourEvent("Tour, renamed")).status).toBe(200);
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
    const linkId = link.body.id;
    expect((await call("GET", "/admin/payment-links/:linkId", { linkId }, ADMIN)).status).toBe(200);
    expect(
      (await call("GET", "/admin/payment-links/:linkId", { linkId: "lnk_nowhere00" }, ADMIN))
        .status,
    ).toBe(404);
    const sent = await call(
      "POST",
      "/admin/payment-links/:linkId/resend",
      { linkId },
      { ...ADMIN, body: { to: BUYER.email, channel: "email" } },
    );
    expect(sent.body.lastSentAt).toEqual(expect.any(String));
    expect(
      (
        await call(
          "POST",
          "/admin/payment-links/:linkId/resend",
          { linkId },
          { ...ADMIN, body: {}, key: null },
        )
      ).status,
    ).toBe(400);
    expect((await call("DELETE", "/admin/payment-links/:linkId", { linkId }, ADMIN)).status).toBe(
      204,
    );
    const cancelled = await call(
      "POST",
      "/admin/payment-links/:linkId/resend",
      { linkId },
      { ...ADMIN, body: {} },
    );
    expect(cancelled.body.code).toBe("order_not_payable");
    expect(
      (await call("GET", "/admin/events/:eventId/reconciliation", { eventId }, ADMIN)).status,
    ).toBe(200);
    const report = await call(
      "GET",
      "/admin/events/:eventId/reconciliation",
      { eventId },
      { ...ADMIN, query: "?format=csv" },
    );
    expect(report.text).toContain("provider_total");
    const acceptedReport = await call(
      "GET",
      "/admin/events/:eventId/reconciliation",
      { eventId },
      { ...ADMIN, headers: { accept: "text/csv" } },
    );
    expect(acceptedReport.text.split("\r\n")[0]).toBe(RECONCILIATION_CSV_COLUMNS.join(","));
    expect(
      (
        await call(
          "GET",
          "/admin/events/:eventId/reconciliation",
          { eventId: "nope" },
          { ...ADMIN, query: "?format=csv" },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          "GET",
          "/admin/events/:eventId/reconciliation",
          { eventId },
          { ...ADMIN, query: "?format=pdf" },
        )
      ).status,
    ).toBe(422);
    // The buyer's tour freed the VIP seats, so Grace's entry has been offered them meanwhile.
    const waitlist = await call(
      "GET",
      "/admin/waitlist",
      {},
      { ...ADMIN, query: `?eventId=${eventId}` },
    );
    expect(waitlist.body.items).toEqual([
      expect.objectContaining({ email: "grace@example.com", tierId: "vip" }),
    ]);
    expect(
      (await call("GET", "/admin/waitlist", {}, { ...ADMIN, query: "?cursor=bm9wZQ" })).status,
    ).toBe(422);
    expect((await call("GET", "/admin/waitlist", {}, { token: "intern" })).status).toBe(403);
  });

  test("signed ticket codes' routes, with their refusals", async () => {
    const keys = await call("GET", "/events/:eventId/ticket-keys", { eventId });
    expect(keys.body.keys).toHaveLength(1);
    expect((await call("GET", "/events/:eventId/ticket-keys", { eventId: "nope" })).status).toBe(
      404,
    );
    expect((await call("GET", "/events/:eventId/revocations", { eventId })).status).toBe(200);
    expect((await call("GET", "/events/:eventId/revocations", { eventId: "nope" })).status).toBe(
      404,
    );
    const admin = await call("GET", "/admin/events/:eventId", { eventId }, ADMIN);
    expect(admin.body.ticketKeys).toEqual(keys.body.keys);
    expect(
      (await call("GET", "/admin/events/:eventId", { eventId }, { token: "intern" })).status,
    ).toBe(403);
    expect((await call("GET", "/admin/events/:eventId", { eventId: "nope" }, ADMIN)).status).toBe(
      404,
    );
    const rotate = (body: unknown, id = eventId) =>
      call("POST", "/admin/events/:eventId/ticket-keys", { eventId: id }, { ...ADMIN, body });
    expect((await rotate({ reason: "rotation drill" })).status).toBe(201);
    expect((await rotate({ reason: "" })).status).toBe(422);
    expect((await rotate({ reason: "drill" }, "nope")).status).toBe(404);
    const forged = await call(
      "POST",
      "/admin/check-ins",
      {},
      { ...ADMIN, body: { code: `${"A".repeat(40)}${"B".repeat(120)}` } },
    );
    expect(forged.body.code).toBe("ticket_signature_invalid");
  });

  test("promo codes, with their refusals", async () => {
    const promo = "tour-promo";
    const e = { eventId: promo };
    await call("PUT", "/admin/events/:eventId", e, {
      ...ADMIN,
      body: {
        name: "Promo tour",
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        currency: "EUR",
        tiers: [
          {
            id: "ga",
            name: "GA",
            price: EUR(4500),
            capacity: 100,
            tax: { rateBasisPoints: 1900, pricing: "inclusive" },
            fee: { kind: "fixed", amount: EUR(150), per: "ticket" },
          },
          { id: "crew", name: "Crew", price: EUR(0), capacity: 5, hiddenWithoutCode: true },
        ],
      },
    });
    const body = {
      code: "Early20",
      discount: { kind: "percent", basisPoints: 2000 },
      maxUses: 1,
      unlocksTierIds: ["crew"],
    };
    const holdWithCode = () =>
      call(
        "POST",
        "/holds",
        {},
        { body: { eventId: promo, items: [{ tierId: "ga", quantity: 1 }], promoCode: "EARLY20" } },
      );
    const checkCode = (code: string) =>
      call("GET", "/events/:eventId/promo-codes/:code", { ...e, code });
    expect(
      (await call("POST", "/admin/events/:eventId/promo-codes", e, { ...ADMIN, body })).status,
    ).toBe(201);
    expect(
      (
        await call("POST", "/admin/events/:eventId/promo-codes", e, {
          ...ADMIN,
          body: { ...body, code: "EARLY20" },
        })
      ).body.code,
    ).toBe("promo_code_exists");
    expect(
      (
        await call("POST", "/admin/events/:eventId/promo-codes", e, {
          ...ADMIN,
          body: { code: "x" },
        })
      ).status,
    ).toBe(422);
    expect(
      (await call("GET", "/admin/events/:eventId/promo-codes", e, ADMIN)).body.items,
    ).toHaveLength(1);
    const ok = await checkCode("early20");
    expect(ok.body.unlockedTiers).toEqual([expect.objectContaining({ id: "crew" })]);
    expect((await checkCode("nope")).body.code).toBe("promo_code_unknown");
    const hold = await holdWithCode();
    expect(hold.status).toBe(201);
    expect((await checkCode("early20")).body.code).toBe("promo_code_used_up");
    expect((await holdWithCode()).body.code).toBe("promo_code_used_up");
    expect(
      (
        await call(
          "PUT",
          "/admin/events/:eventId/promo-codes/:code",
          { ...e, code: "early20" },
          {
            ...ADMIN,
            body: { ...body, maxUses: 5, validUntil: "2020-01-01T00:00:00Z" },
          },
        )
      ).status,
    ).toBe(200);
    expect((await holdWithCode()).body.code).toBe("promo_code_expired");
    expect(
      (
        await call(
          "GET",
          "/admin/events/:eventId/promo-codes/:code/uses",
          { ...e, code: "EARLY20" },
          ADMIN,
        )
      ).body.items,
    ).toHaveLength(1);
    expect(
      (
        await call(
          "POST",
          "/admin/events/:eventId/promo-codes/:code/disable",
          { ...e, code: "EARLY20" },
          ADMIN,
        )
      ).body.enabled,
    ).toBe(false);
    expect((await holdWithCode()).body.code).toBe("promo_code_unknown");
    expect(
      (
        await call(
          "POST",
          "/admin/events/:eventId/promo-codes/:code/disable",
          { ...e, code: "nope" },
          ADMIN,
        )
      ).status,
    ).toBe(404);
  });

  test("operations", async () => {
    expect((await call("GET", "/health")).status).toBe(200);
    expect((await call("GET", "/ready")).status).toBe(200);
    expect((await call("GET", "/openapi.json")).status).toBe(200);
  });

  test("the tour called every documented route", () => {
    const documented = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(documented.filter((route) => !called.has(route))).toEqual([]);
    // …and every CSV answer the document names.
    const csv = API_ROUTES.filter((r) => Object.values(r.answers).some((a) => a.csv)).map(
      (r) => `${r.method} ${r.path} text/csv`,
    );
    expect(csv.length).toBeGreaterThan(0);
    expect(csv.filter((answer) => !called.has(answer))).toEqual([]);
  });
});
