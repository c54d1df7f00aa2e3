import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAdmitClient } from "./admit-client.js";
import type { OrderStatus } from "./contract/order.js";
import { answerRoute, problemResponse } from "./testing/recording-server.js";
import { BASE_URL, orderStatus, paidOrderStatus, TOKEN } from "./testing/sample-answers.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

const ORDER = "ord_abcdefgh1234";
const quick = { minIntervalMs: 1, maxIntervalMs: 5 };

async function collect(iterator: AsyncIterable<OrderStatus>): Promise<OrderStatus[]> {
  const out: OrderStatus[] = [];
  for await (const status of iterator) out.push(status);
  return out;
}

describe("pollOrder through the client", () => {
  it("survives a temporary network loss and a 503, sending the order token each time", async () => {
    const seen = answerRoute(server, "GET", `/orders/${ORDER}`, (attempt) => {
      if (attempt === 1) return HttpResponse.json(orderStatus);
      if (attempt <= 3) return HttpResponse.error();
      if (attempt === 4) return problemResponse("busy", 503);
      return HttpResponse.json(paidOrderStatus);
    });
    const client = createAdmitClient({ baseUrl: BASE_URL });
    const yielded = await collect(client.pollOrder(ORDER, TOKEN, quick));
    expect(yielded.map((s) => s.status)).toEqual(["pending_payment", "paid"]);
    // One request per poll: the poller does its own backoff, the client adds no hidden retries.
    expect(seen).toHaveLength(5);
    expect(seen.every((r) => r.headers.get("authorization") === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("a wrong token (404 not_found) ends the iteration with the AdmitApiError", async () => {
    answerRoute(server, "GET", `/orders/${ORDER}`, () => problemResponse("not_found", 404));
    const client = createAdmitClient({ baseUrl: BASE_URL });
    await expect(collect(client.pollOrder(ORDER, "wrong", quick))).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
  });

  it("uses the page's document: nothing is polled while it is hidden", async () => {
    const page = Object.assign(new EventTarget(), {
      visibilityState: "hidden",
      baseURI: "https://tickets.test/shop/",
    });
    vi.stubGlobal("document", page);
    const seen = answerRoute(server, "GET", `/orders/${ORDER}`, () =>
      HttpResponse.json(paidOrderStatus),
    );
    // A relative baseUrl resolves against document.baseURI, as in a browser.
    const client = createAdmitClient({ baseUrl: "/admit" });
    const first = client.pollOrder(ORDER, TOKEN, quick).next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(0);
    page.visibilityState = "visible";
    page.dispatchEvent(new Event("visibilitychange"));
    await expect(first).resolves.toMatchObject({ value: { status: "paid" } });
    expect(seen[0]?.path).toBe(`/admit/orders/${ORDER}`);
  });
});
