import { delay, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAdmitClient } from "../admit-client.js";
import { AdmitApiError } from "../errors/admit-api-error.js";
import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { answerRoute, problemResponse } from "../testing/recording-server.js";
import { ROUTE_CASES, type RouteCase } from "../testing/route-cases.js";
import { makeClients } from "../testing/route-suite.js";
import { BASE_URL, event, hold } from "../testing/sample-answers.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

const fast = { limit: 2, backoffMs: 1 };
const success = (route: RouteCase) =>
  route.status === 204
    ? new HttpResponse(null, { status: 204 })
    : HttpResponse.json(route.answer, { status: route.status });
const creating = ROUTE_CASES.filter((route) => route.creates);
const holdRequest = { eventId: "spring-gala", items: [{ tierId: "adult", quantity: 1 }] };

describe("retries", () => {
  it.each(creating)("$name retries a 503 with the same Idempotency-Key", async (route) => {
    const seen = answerRoute(server, route.method, route.path, (attempt) =>
      attempt === 1 ? problemResponse("busy", 503) : success(route),
    );
    await route.call(makeClients(fast));
    expect(seen).toHaveLength(2);
    const key = seen[0]?.headers.get("idempotency-key");
    expect(key).toBeTruthy();
    expect(seen[1]?.headers.get("idempotency-key")).toBe(key);
    expect(seen[1]?.body).toEqual(seen[0]?.body);
  });

  it.each(creating)(
    "$name retries a lost connection with the same Idempotency-Key",
    async (route) => {
      const seen = answerRoute(server, route.method, route.path, (attempt) =>
        attempt === 1 ? HttpResponse.error() : success(route),
      );
      await route.call(makeClients(fast));
      expect(seen).toHaveLength(2);
      expect(seen[1]?.headers.get("idempotency-key")).toBe(seen[0]?.headers.get("idempotency-key"));
    },
  );

  it.each(ROUTE_CASES)("$name ($method) retries a 500 and a lost connection", async (route) => {
    const seen = answerRoute(server, route.method, route.path, (attempt) => {
      if (attempt === 1) return problemResponse("internal", 500);
      if (attempt === 2) return HttpResponse.error();
      return success(route);
    });
    await route.call(makeClients(fast));
    expect(seen).toHaveLength(3);
  });

  it("two calls are two intents: each gets its own Idempotency-Key", async () => {
    const seen = answerRoute(server, "POST", "/holds", () =>
      HttpResponse.json(hold, { status: 201 }),
    );
    const { client } = makeClients();
    await client.createHold(holdRequest);
    await client.createHold(holdRequest);
    expect(seen[0]?.headers.get("idempotency-key")).not.toBe(
      seen[1]?.headers.get("idempotency-key"),
    );
  });

  it("409 idempotency_in_progress is retried with the same key until the first request ends", async () => {
    const seen = answerRoute(server, "POST", "/holds", (attempt) =>
      attempt < 3
        ? problemResponse("idempotency_in_progress", 409)
        : HttpResponse.json(hold, { status: 201 }),
    );
    await expect(makeClients(fast).client.createHold(holdRequest)).resolves.toEqual(hold);
    expect(new Set(seen.map((r) => r.headers.get("idempotency-key"))).size).toBe(1);
    expect(seen).toHaveLength(3);
  });

  it.each([
    ["idempotency_key_required", 400],
    ["unauthorized", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["sold_out", 409],
    ["hold_not_active", 409],
    ["invalid_request", 422],
    ["idempotency_key_reused", 422],
  ] as const)("a 4xx (%s, %i) is never retried", async (code, status) => {
    const seen = answerRoute(server, "POST", "/holds", () => problemResponse(code, status));
    const getSeen = answerRoute(server, "GET", "/events/spring-gala", () =>
      problemResponse(code, status),
    );
    const { client } = makeClients(fast);
    await expect(client.createHold(holdRequest)).rejects.toMatchObject({ code, status });
    await expect(client.getEvent("spring-gala")).rejects.toMatchObject({ code, status });
    expect(seen).toHaveLength(1);
    expect(getSeen).toHaveLength(1);
  });

  it("429 rate_limited is retried", async () => {
    const seen = answerRoute(server, "GET", "/events/spring-gala", (attempt) =>
      attempt === 1 ? problemResponse("rate_limited", 429) : HttpResponse.json(event),
    );
    await expect(makeClients(fast).client.getEvent("spring-gala")).resolves.toEqual(event);
    expect(seen).toHaveLength(2);
  });

  it("gives up after retry.limit retries with the last error", async () => {
    const lost = answerRoute(server, "GET", "/events/spring-gala", () => HttpResponse.error());
    const busy = answerRoute(server, "POST", "/holds", () => problemResponse("busy", 503));
    const { client } = makeClients(fast);
    const networkError = await client.getEvent("spring-gala").catch((e: unknown) => e);
    expect(networkError).toBeInstanceOf(NetworkError);
    expect(networkError).toMatchObject({
      code: "network_error",
      request: "GET /events/spring-gala",
    });
    await expect(client.createHold(holdRequest)).rejects.toMatchObject({
      code: "busy",
      status: 503,
    });
    expect(lost).toHaveLength(3);
    expect(busy).toHaveLength(3);
  });

  it("backs off exponentially from backoffMs, capped at maxBackoffMs (defaults: 2 retries)", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(1); // jitter at its upper bound
    const seen = answerRoute(server, "GET", "/events/spring-gala", () => HttpResponse.error());
    const client = createAdmitClient({ baseUrl: BASE_URL, retry: { maxBackoffMs: 500 } });
    const result = client.getEvent("spring-gala").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(298);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2); // first retry after ~300 ms
    expect(seen).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(498);
    expect(seen).toHaveLength(2);
    // 600 ms, capped to 500 (plus the 1 ms of each of ky's own zero-delay timers)
    await vi.advanceTimersByTimeAsync(3);
    expect(seen).toHaveLength(3);
    expect(await result).toBeInstanceOf(NetworkError);
  });
});

describe("Retry-After", () => {
  it("waits the seconds of Retry-After before retrying", async () => {
    vi.useFakeTimers();
    const seen = answerRoute(server, "POST", "/holds", (attempt) =>
      attempt === 1
        ? problemResponse("rate_limited", 429, {}, { "retry-after": "2" })
        : HttpResponse.json(hold, { status: 201 }),
    );
    const result = makeClients({ limit: 2, backoffMs: 1 }).client.createHold(holdRequest);
    await vi.advanceTimersByTimeAsync(1999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(2);
    await expect(result).resolves.toEqual(hold);
  });

  it("measures an HTTP-date Retry-After against the answer's Date header, not the local clock", async () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") }); // local clock far ahead
    const seen = answerRoute(server, "GET", "/events/spring-gala", (attempt) =>
      attempt === 1
        ? problemResponse(
            "busy",
            503,
            {},
            {
              date: "Mon, 01 Mar 2027 12:00:00 GMT",
              "retry-after": "Mon, 01 Mar 2027 12:00:03 GMT",
            },
          )
        : HttpResponse.json(event),
    );
    const result = makeClients({ limit: 1, backoffMs: 1 }).client.getEvent("spring-gala");
    await vi.advanceTimersByTimeAsync(2999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual(event);
  });

  it("a Retry-After beyond maxBackoffMs is not waited for: the error carries retryAfterMs", async () => {
    const seen = answerRoute(server, "GET", "/events/spring-gala", () =>
      problemResponse("rate_limited", 429, {}, { "retry-after": "60" }),
    );
    const error = await makeClients(fast)
      .client.getEvent("spring-gala")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdmitApiError);
    expect(error).toMatchObject({ code: "rate_limited", retryAfterMs: 60_000 });
    expect(seen).toHaveLength(1);
  });
});

describe("timeouts", () => {
  it("an attempt without an answer within timeoutMs rejects with TimeoutError and is not retried", async () => {
    vi.useFakeTimers();
    const seen = answerRoute(server, "POST", "/holds", async () => {
      await delay("infinite");
      return HttpResponse.json(hold, { status: 201 });
    });
    const client = createAdmitClient({ baseUrl: BASE_URL, timeoutMs: 5000, retry: fast });
    const result = client.createHold(holdRequest).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(4999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "timeout", timeoutMs: 5000, request: "POST /holds" });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(1);
  });
});

describe("timeouts: the body", () => {
  it("an answer whose body stalls also ends in TimeoutError once timeoutMs has passed", async () => {
    vi.useFakeTimers();
    answerRoute(
      server,
      "GET",
      "/events/spring-gala",
      () =>
        new HttpResponse(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"id":'));
            },
          }),
          { headers: { "content-type": "application/json" } },
        ),
    );
    const client = createAdmitClient({ baseUrl: BASE_URL, timeoutMs: 3000, retry: fast });
    const result = client.getEvent("spring-gala").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await result).toBeInstanceOf(TimeoutError);
  });
});

describe("timeouts: a fetch that ignores its signal", () => {
  it("still ends in TimeoutError after timeoutMs", async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(() => new Promise<Response>(() => {}));
    const client = createAdmitClient({ baseUrl: BASE_URL, fetch, timeoutMs: 2000, retry: fast });
    const result = client.getEvent("spring-gala").catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await result).toBeInstanceOf(TimeoutError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("abort", () => {
  it("the caller's abort rejects with the signal's reason, untouched, and is not retried", async () => {
    const seen = answerRoute(server, "GET", "/events/spring-gala", async () => {
      await delay("infinite");
      return HttpResponse.json(event);
    });
    const controller = new AbortController();
    const reason = new Error("buyer left");
    const result = makeClients(fast).client.getEvent("spring-gala", { signal: controller.signal });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(1);
  });

  it("an abort during the backoff wait rejects with the reason and sends nothing more", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(1); // full jitter could otherwise retry within 10 ms
    const seen = answerRoute(server, "POST", "/holds", () => problemResponse("busy", 503));
    const controller = new AbortController();
    const client = createAdmitClient({ baseUrl: BASE_URL, retry: { backoffMs: 1000 } });
    const result = client
      .createHold(holdRequest, { signal: controller.signal })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expect(seen).toHaveLength(1);
    controller.abort("stop");
    expect(await result).toBe("stop");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const seen = answerRoute(server, "GET", "/events/spring-gala", () => HttpResponse.json(event));
    const signal = AbortSignal.abort("too late");
    await expect(makeClients().client.getEvent("spring-gala", { signal })).rejects.toBe("too late");
    expect(seen).toHaveLength(0);
  });
});

describe("options", () => {
  it("uses the given fetch", async () => {
    const fetch = vi.fn(async () => Response.json(event));
    const client = createAdmitClient({ baseUrl: "https://elsewhere.test/admit", fetch });
    await expect(client.getEvent("spring-gala")).resolves.toEqual(event);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [request] = fetch.mock.calls[0] as unknown as [Request];
    expect(request.url).toBe("https://elsewhere.test/admit/events/spring-gala");
  });

  it("looks up globalThis.fetch at each request, so a fetch replaced later is used", async () => {
    const client = createAdmitClient({ baseUrl: "https://late.test/admit" });
    const fetch = vi.fn(async () => Response.json(event));
    vi.stubGlobal("fetch", fetch);
    try {
      await expect(client.getEvent("spring-gala")).resolves.toEqual(event);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("encodes ids, so an id cannot add a path segment or a query", async () => {
    const fetch = vi.fn(async () => Response.json(event));
    await createAdmitClient({ baseUrl: BASE_URL, fetch }).getEvent("../admin?x=1");
    const [request] = fetch.mock.calls[0] as unknown as [Request];
    expect(request.url).toBe(`${BASE_URL}/events/..%2Fadmin%3Fx%3D1`);
  });
});
