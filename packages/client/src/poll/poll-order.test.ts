import { afterEach, describe, expect, it, vi } from "vitest";
import type { OrderStatus } from "../contract/order.js";
import { AdmitApiError } from "../errors/admit-api-error.js";
import { ContractError } from "../errors/contract-error.js";
import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { orderStatus, paidOrderStatus, ticket } from "../testing/sample-answers.js";
import { type PollEnvironment, type PollOptions, pollOrder } from "./poll-order.js";

const pending = (nextPollMs = 2000): OrderStatus => ({ ...orderStatus, nextPollMs });
const problem = (code: string, status: number, retryAfterMs?: number) =>
  new AdmitApiError({ type: "about:blank", title: code, status, code }, status, retryAfterMs);

/** A page whose visibility the test switches. */
class FakeDocument extends EventTarget {
  visibilityState: "visible" | "hidden" = "visible";
  show(state: "visible" | "hidden") {
    this.visibilityState = state;
    this.dispatchEvent(new Event("visibilitychange"));
  }
}

/**
 * A poller whose server answers `script` in order and whose clock only records the waits:
 * the schedule is the list of `sleeps`.
 */
function scripted(script: (OrderStatus | Error)[], env: Partial<PollEnvironment> = {}) {
  const sleeps: number[] = [];
  let fetches = 0;
  const environment: PollEnvironment = {
    fetchStatus: async (signal) => {
      signal?.throwIfAborted();
      const next = script[fetches++];
      if (!next) throw new Error("the test server has no more answers");
      if (next instanceof Error) throw next;
      return next;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    document: undefined,
    random: () => 1,
    ...env,
  };
  return {
    sleeps,
    fetches: () => fetches,
    poll: (options: PollOptions = {}) => pollOrder(environment, options),
  };
}

async function collect(iterator: AsyncIterable<OrderStatus>): Promise<OrderStatus[]> {
  const out: OrderStatus[] = [];
  for await (const status of iterator) out.push(status);
  return out;
}

afterEach(() => vi.unstubAllGlobals());

describe("pollOrder", () => {
  it("yields the first answer, then only changes of status, and ends after a final status", async () => {
    const server = scripted([pending(), pending(), pending(), paidOrderStatus, paidOrderStatus]);
    const yielded = await collect(server.poll());
    expect(yielded.map((s) => s.status)).toEqual(["pending_payment", "paid"]);
    expect(server.fetches()).toBe(4);
  });

  it("a new ticket or a new refunded amount is a change even when the status is the same", async () => {
    const withTicket = { ...pending(), tickets: [ticket] };
    const refunded = { ...withTicket, refunded: { amount: 100, currency: "EUR" } };
    const server = scripted([pending(), withTicket, withTicket, refunded, paidOrderStatus]);
    const yielded = await collect(server.poll());
    expect(yielded).toEqual([pending(), withTicket, refunded, paidOrderStatus]);
  });

  it("waits the server's nextPollMs, kept within [minIntervalMs, maxIntervalMs]", async () => {
    const server = scripted([pending(500), pending(2000), pending(60_000), paidOrderStatus]);
    await collect(server.poll({ minIntervalMs: 1000, maxIntervalMs: 30_000 }));
    expect(server.sleeps).toEqual([1000, 2000, 30_000]);
  });

  it("defaults to minIntervalMs 1000 and maxIntervalMs 30000", async () => {
    const server = scripted([pending(10), pending(90_000), paidOrderStatus]);
    await collect(server.poll());
    expect(server.sleeps).toEqual([1000, 30_000]);
  });

  it("backs off exponentially on network loss, timeouts and 5xx, and keeps going", async () => {
    const server = scripted([
      pending(),
      new NetworkError("GET /orders/x"),
      new TimeoutError("GET /orders/x", 10_000),
      problem("busy", 503),
      problem("http_502", 502),
      paidOrderStatus,
    ]);
    const yielded = await collect(server.poll({ minIntervalMs: 1000, maxIntervalMs: 30_000 }));
    expect(yielded.map((s) => s.status)).toEqual(["pending_payment", "paid"]);
    expect(server.sleeps).toEqual([2000, 2000, 4000, 8000, 16_000]);
  });

  it("the error backoff is capped at maxIntervalMs and resets after a success", async () => {
    const lost = () => new NetworkError("GET /orders/x");
    const server = scripted([
      lost(),
      lost(),
      lost(),
      lost(),
      pending(1000),
      lost(),
      paidOrderStatus,
    ]);
    await collect(server.poll({ minIntervalMs: 1000, maxIntervalMs: 5000 }));
    expect(server.sleeps).toEqual([2000, 4000, 5000, 5000, 1000, 2000]);
  });

  it("jitters the error backoff between half and all of it", async () => {
    const lost = () => new NetworkError("GET /orders/x");
    const server = scripted([lost(), lost(), paidOrderStatus], { random: () => 0 });
    await collect(server.poll({ minIntervalMs: 1000 }));
    expect(server.sleeps).toEqual([1000, 2000]);
  });

  it("after 429 it waits at least the server's Retry-After, even beyond maxIntervalMs", async () => {
    const server = scripted([problem("rate_limited", 429, 45_000), paidOrderStatus]);
    await collect(server.poll({ maxIntervalMs: 30_000 }));
    expect(server.sleeps).toEqual([45_000]);
  });

  it("a 404 (wrong token) ends the iteration by throwing the AdmitApiError", async () => {
    const server = scripted([pending(), problem("not_found", 404), paidOrderStatus]);
    const seen: OrderStatus[] = [];
    const error = await (async () => {
      for await (const status of server.poll()) seen.push(status);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AdmitApiError", code: "not_found" });
    expect(seen).toHaveLength(1);
    expect(server.fetches()).toBe(2);
  });

  it("a malformed answer is not retried: the ContractError is thrown", async () => {
    const server = scripted([
      new ContractError("GET /orders/x", [{ path: "status", message: "x" }]),
    ]);
    await expect(collect(server.poll())).rejects.toBeInstanceOf(ContractError);
  });

  it("an abort during a wait ends the iteration quietly", async () => {
    const controller = new AbortController();
    const server = scripted([pending(), paidOrderStatus], {
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason)),
        ),
    });
    const iterator = server.poll({ signal: controller.signal });
    await expect(iterator.next()).resolves.toMatchObject({ done: false });
    const second = iterator.next();
    controller.abort(new Error("widget closed"));
    await expect(second).resolves.toEqual({ done: true, value: undefined });
    expect(server.fetches()).toBe(1);
  });

  it("an abort during a request ends the iteration quietly", async () => {
    const controller = new AbortController();
    let requested = false;
    const iterator = pollOrder(
      {
        fetchStatus: (signal) => {
          requested = true;
          return new Promise((_resolve, reject) =>
            signal?.addEventListener("abort", () => reject(signal.reason)),
          );
        },
        document: undefined,
      },
      { signal: controller.signal },
    );
    const first = iterator.next();
    await vi.waitFor(() => expect(requested).toBe(true));
    controller.abort();
    await expect(first).resolves.toEqual({ done: true, value: undefined });
  });

  it("does not poll while the page is hidden, and polls as soon as it is visible", async () => {
    const page = new FakeDocument();
    page.visibilityState = "hidden";
    const server = scripted([pending(), paidOrderStatus], { document: page });
    const iterator = server.poll();
    const first = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.fetches()).toBe(0);
    page.show("visible");
    await expect(first).resolves.toMatchObject({ value: { status: "pending_payment" } });
    expect(server.fetches()).toBe(1);
  });

  it("a page hidden during a wait is not polled until it is visible again", async () => {
    const page = new FakeDocument();
    const server = scripted([pending(), paidOrderStatus], {
      document: page,
      sleep: async () => page.show("hidden"),
    });
    const iterator = server.poll();
    await iterator.next();
    const second = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.fetches()).toBe(1);
    page.show("visible");
    await expect(second).resolves.toMatchObject({ value: { status: "paid" } });
  });

  it("coming back to the page cuts a long wait short", async () => {
    const page = new FakeDocument();
    const server = scripted([pending(30_000), paidOrderStatus], {
      document: page,
      // A wait that only ends when woken.
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason)),
        ),
    });
    const iterator = server.poll();
    await iterator.next();
    const second = iterator.next();
    page.show("hidden");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.fetches()).toBe(1);
    page.show("visible");
    await expect(second).resolves.toMatchObject({ value: { status: "paid" } });
  });

  it("an initial status is not yielded again and its nextPollMs sets the first wait", async () => {
    const server = scripted([pending(), paidOrderStatus]);
    const yielded = await collect(server.poll({ initial: pending(4000) }));
    expect(yielded.map((s) => s.status)).toEqual(["paid"]);
    expect(server.sleeps).toEqual([4000, 2000]);
  });

  it("a final initial status ends at once without a request", async () => {
    const server = scripted([pending()]);
    expect(await collect(server.poll({ initial: paidOrderStatus }))).toEqual([]);
    expect(server.fetches()).toBe(0);
  });

  it("refuses minIntervalMs above maxIntervalMs", async () => {
    const server = scripted([pending()]);
    await expect(
      collect(server.poll({ minIntervalMs: 5000, maxIntervalMs: 1000 })),
    ).rejects.toThrow(TypeError);
  });
});
