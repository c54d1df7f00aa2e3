import {
  Checkout,
  CheckoutRequest,
  Event,
  Hold,
  HoldRequest,
  OrderReceipt,
  OrderStatus,
  type OrderStatusCode,
  PROBLEMS,
  type PriceBreakdown,
  Problem,
  type ProblemCode,
  PromoCodeCheck,
  problemType,
  type Ticket,
  WaitlistEntry,
  WaitlistRequest,
} from "@admit/client/contract";
import { delay, type HttpHandler, HttpResponse, http } from "msw";
import { galaEvent, MOCK_API } from "./fixtures.js";

/** The routes of the widget's side of the contract. */
export type MockRoute =
  | "getEvent"
  | "createHold"
  | "getHold"
  | "releaseHold"
  | "checkout"
  | "getOrder"
  | "retryPayment"
  | "joinWaitlist"
  | "getReceipt"
  | "checkPromoCode";

/** Scenario of a mock API; every field has a default. */
export interface MockApiOptions {
  /** @default MOCK_API */
  baseUrl?: string;
  /** @default galaEvent */
  event?: Event;
  /** Time-to-live of a new hold. @default 600_000 (10 min) */
  holdTtlMs?: number;
  /** The server clock's offset from the browser's, to prove countdowns follow the server. @default 0 */
  clockOffsetMs?: number;
  /**
   * Statuses `GET /orders/:id` answers after checkout, one per poll; the last one repeats.
   * @default ["pending_payment", "paid"]
   */
  orderStatuses?: OrderStatusCode[];
  /** The same after a new payment attempt. @default ["pending_payment", "paid"] */
  retryStatuses?: OrderStatusCode[];
  /** `nextPollMs` of pending answers. @default 50 */
  nextPollMs?: number;
  /**
   * The payment page of an order. Stories point it at their own page (a fragment link) so the
   * widget's redirect stays on screen instead of leaving Storybook.
   * @default (orderId) => `https://pay.admit.test/checkout/${orderId}`
   */
  paymentUrl?: (orderId: string) => string;
  /** Routes that answer with this problem instead. */
  problems?: Partial<Record<MockRoute, ProblemCode>>;
  /**
   * The host sends the confirmation e-mail (the kit's `sendsConfirmationEmail`): the receipt
   * names the buyer's address. @default false
   */
  sendsConfirmationEmail?: boolean;
  /** The host configured Apple Wallet: the receipt links a pass. @default false */
  wallet?: boolean;
  /**
   * A failed order's seats are released at once (its hold had run out meanwhile), so the failed
   * screen can no longer offer Try again. @default false: held until the order expires
   */
  failedSeatsReleased?: boolean;
  /** Time every answer takes, to see in-between states such as `loading`. @default 0 */
  latencyMs?: number;
  /**
   * Extra time single routes take, on top of `latencyMs`, to hold the widget in the state that
   * waits for them (`holding` for `createHold`, `checking-out` for `checkout`). @default {}
   */
  routeLatencyMs?: Partial<Record<MockRoute, number>>;
  /**
   * The event's promo codes, matched case-insensitively; a hold with one gets the per-ticket
   * percent discount on the code's tiers, and may hold the tiers it unlocks. @default []
   */
  promoCodes?: PromoCodeCheck[];
  /** Codes the check refuses with this problem (`promo_code_expired`, …); others are unknown. */
  promoRefusals?: Record<string, ProblemCode>;
}

/** A request the mock received, for assertions. */
export interface MockRequest {
  readonly route: MockRoute;
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | null;
  readonly body: unknown;
}

interface MockOrder {
  order: OrderStatus;
  token: string;
  statuses: OrderStatusCode[];
  names: string[];
  buyer: { name: string; email: string };
  /** The hold's items, priced: the receipt's lines. */
  items: { tierId: string; quantity: number }[];
}

/** Everything the mock server knows; tests may read and change it. */
export interface MockApiState {
  event: Event;
  readonly holds: Map<string, Hold>;
  readonly orders: Map<string, MockOrder>;
  readonly waitlist: WaitlistEntry[];
  readonly requests: MockRequest[];
  /** While true every request fails like a lost connection. */
  networkDown: boolean;
  problems: Partial<Record<MockRoute, ProblemCode>>;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function random(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join("");
}

/** A JSON answer, validated against its contract schema first so the mock never lies. */
function answer<T>(schema: { parse(v: unknown): T }, body: unknown, status = 200) {
  return HttpResponse.json(schema.parse(body) as object, { status });
}

function problem(code: ProblemCode, extra: Record<string, unknown> = {}) {
  const { status, title } = PROBLEMS[code];
  const body = Problem.parse({ type: problemType(code), title, status, code, ...extra });
  return HttpResponse.json(body, {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/**
 * A stateful in-browser mock of the Admit HTTP contract for msw 2 (tests and stories):
 * holds reduce availability, checkout creates an order whose status follows the scenario,
 * tokens are checked (a wrong one answers 404 like an unknown id), `Idempotency-Key` replays.
 *
 * @example
 * const api = createMockApi({ orderStatuses: ["pending_payment", "failed"] });
 * worker.use(...api.handlers);
 */
export function createMockApi(options: MockApiOptions = {}) {
  const baseUrl = options.baseUrl ?? MOCK_API;
  const ttl = options.holdTtlMs ?? 600_000;
  const offset = options.clockOffsetMs ?? 0;
  const nextPollMs = options.nextPollMs ?? 50;
  const paymentUrl =
    options.paymentUrl ?? ((orderId: string) => `https://pay.admit.test/checkout/${orderId}`);
  const state: MockApiState = {
    event: structuredClone(options.event ?? galaEvent),
    holds: new Map(),
    orders: new Map(),
    waitlist: [],
    requests: [],
    networkDown: false,
    problems: { ...options.problems },
  };
  const replays = new Map<string, { body: string; response: Response }>();
  const inFlight = new Set<string>();
  const now = () => new Date(Date.now() + offset);

  const tokenOf = (request: Request) =>
    request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";

  /** Records the request, then applies network failure, scripted problems and idempotency. */
  function route(
    name: MockRoute,
    method: "get" | "post" | "delete",
    path: string,
    handle: (request: Request, params: Record<string, string>, body: unknown) => Response,
  ): HttpHandler {
    return http[method](`${baseUrl}${path}`, async ({ request, params }) => {
      const text = method === "post" ? await request.text() : "";
      const body: unknown = text ? JSON.parse(text) : undefined;
      const key = request.headers.get("idempotency-key");
      state.requests.push({
        route: name,
        method: request.method,
        path: new URL(request.url).pathname,
        idempotencyKey: key,
        body,
      });
      const flight = method === "post" && key && !inFlight.has(`${name}:${key}`);
      if (flight) inFlight.add(`${name}:${key}`);
      try {
        return await answerRequest();
      } finally {
        if (flight) inFlight.delete(`${name}:${key}`);
      }

      async function answerRequest(): Promise<Response> {
        if (options.latencyMs) await delay(options.latencyMs);
        const slower = options.routeLatencyMs?.[name];
        if (slower) await delay(slower);
        if (state.networkDown) return HttpResponse.error();
        const scripted = state.problems[name];
        if (scripted) return problem(scripted);
        if (method !== "post") return handle(request, params as Record<string, string>, body);
        if (!key) return problem("idempotency_key_required");
        const replay = replays.get(`${name}:${key}`);
        if (replay) {
          return replay.body === text ? replay.response.clone() : problem("idempotency_key_reused");
        }
        // The first request with this key is still being answered, as the server says.
        if (!flight) return problem("idempotency_in_progress");
        const response = handle(request, params as Record<string, string>, body);
        if (response.ok) replays.set(`${name}:${key}`, { body: text, response: response.clone() });
        return response;
      }
    });
  }

  const tier = (id: string) => state.event.tiers.find((t) => t.id === id);
  const promoOf = (code: string | undefined) =>
    code ? options.promoCodes?.find((c) => c.code.toLowerCase() === code.toLowerCase()) : undefined;

  /**
   * A simple price breakdown for the stories: per ticket, the code's percent off its tiers, the
   * tier's tax (inclusive or on top) and its fixed per-ticket fee (none on a free ticket).
   */
  function price(tierId: string, quantity: number, code?: PromoCodeCheck): PriceBreakdown {
    const t = tier(tierId) ?? code?.unlockedTiers.find((u) => u.id === tierId);
    const listed = t?.price.amount ?? 0;
    const percent =
      code?.discount?.kind === "percent" && (!code.tierIds || code.tierIds.includes(tierId))
        ? (code.discount.basisPoints ?? 0)
        : 0;
    const discount = Math.round((listed * percent) / 10_000);
    const rate = t?.tax?.rateBasisPoints ?? 0;
    const inclusive = t?.tax?.pricing !== "exclusive";
    const p = listed - discount;
    const tax = Math.round(inclusive ? (p * rate) / (10_000 + rate) : (p * rate) / 10_000);
    const fee = p > 0 && t?.fee?.per === "ticket" ? (t.fee.amount?.amount ?? 0) : 0;
    const net = inclusive ? p - tax : p;
    return {
      net: net * quantity,
      tax: tax * quantity,
      fee: fee * quantity,
      discount: discount * quantity,
      gross: (net + tax + fee) * quantity,
    };
  }

  function setRemaining(tierId: string, delta: number): void {
    const t = tier(tierId);
    if (!t || t.remaining === null) return;
    t.remaining += delta;
    t.availability = t.remaining === 0 ? "sold_out" : t.remaining <= 5 ? "limited" : "available";
  }

  function orderAnswer(entry: MockOrder): OrderStatus {
    const status = entry.statuses[0]!;
    if (entry.statuses.length > 1) entry.statuses.shift();
    entry.order = {
      ...entry.order,
      status,
      nextPollMs: status === "pending_payment" ? nextPollMs : 0,
    };
    if ((status === "paid" || status === "partially_refunded") && !entry.order.tickets.length) {
      entry.order.tickets = tickets(entry);
    }
    if (status === "failed" && options.failedSeatsReleased) {
      entry.order.expiresAt = now().toISOString();
    }
    if (status === "partially_refunded" && entry.order.refunded.amount === 0) {
      // The organizer refunded the first ticket: it is voided, the others stay valid.
      const [first] = entry.order.tickets;
      if (first) {
        entry.order.tickets = [{ ...first, status: "voided" }, ...entry.order.tickets.slice(1)];
        const refunded = tier(first.tierId)?.price.amount ?? 0;
        entry.order.refunded = { amount: refunded, currency: entry.order.total.currency };
      }
    }
    return entry.order;
  }

  /** The order's receipt, as `GET /orders/:orderId/receipt` answers it. */
  function receiptOf(entry: MockOrder): OrderReceipt {
    const { order, token, buyer } = entry;
    const paid = order.status === "paid" || order.status === "partially_refunded";
    const link = (file: string) =>
      `${baseUrl}/orders/${encodeURIComponent(order.id)}/${file}?token=${encodeURIComponent(token)}`;
    const { id, name, startsAt, endsAt, venue, timeZone } = state.event;
    return {
      orderId: order.id,
      // Derived from the id and stable, like the kit's.
      orderNumber: `${order.id.slice(4, 7)}-${order.id.slice(7, 11)}`.toUpperCase(),
      status: order.status,
      event: { id, name, startsAt, endsAt, venue, timeZone },
      buyer,
      lines: entry.items.map(({ tierId, quantity }) => {
        const price = tier(tierId)?.price ?? { amount: 0, currency: order.total.currency };
        return {
          tierId,
          tierName: tier(tierId)?.name ?? tierId,
          quantity,
          unitPrice: price,
          total: { amount: price.amount * quantity, currency: price.currency },
        };
      }),
      total: order.total,
      refunded: order.refunded,
      tickets: paid ? order.tickets : [],
      confirmationSentTo: paid && options.sendsConfirmationEmail ? buyer.email : null,
      downloads: paid
        ? {
            pdf: link("tickets.pdf"),
            calendar: link("calendar.ics"),
            wallet: options.wallet ? link("wallet.pkpass") : null,
          }
        : null,
      heldUntil:
        order.status === "failed" && Date.parse(order.expiresAt) > now().getTime()
          ? order.expiresAt
          : null,
    };
  }

  function tickets(entry: MockOrder): Ticket[] {
    const hold = [...state.holds.values()].find(
      (h) => h.id === entry.order.id.replace("ord_", "hold_"),
    );
    const items = hold?.items ?? [];
    return items.flatMap((item) =>
      Array.from({ length: item.quantity }, (_, i) => ({
        id: `tkt_${random(12)}`,
        code: random(10).toUpperCase(),
        tierId: item.tierId,
        tierName: tier(item.tierId)?.name ?? item.tierId,
        attendee: { name: entry.names[i] ?? entry.names[0] ?? "Buyer" },
        status: "valid" as const,
        checkedInAt: null,
      })),
    );
  }

  function newCheckout(entry: MockOrder): Response {
    const body = {
      order: entry.order,
      orderToken: entry.token,
      paymentUrl: paymentUrl(entry.order.id),
      paymentExpiresAt: entry.order.expiresAt,
    };
    return answer(Checkout, body, 201);
  }

  const handlers: HttpHandler[] = [
    route("getEvent", "get", "/events/:eventId", (_r, { eventId }) =>
      eventId === state.event.id ? answer(Event, state.event) : problem("not_found"),
    ),
    route("createHold", "post", "/holds", (_r, _p, body) => {
      const request = HoldRequest.safeParse(body);
      if (!request.success) return problem("invalid_request");
      const { eventId, items, promoCode } = request.data;
      if (eventId !== state.event.id) return problem("not_found");
      const code = promoOf(promoCode);
      if (promoCode && !code)
        return problem(options.promoRefusals?.[promoCode] ?? "promo_code_unknown");
      let total = 0;
      for (const item of items) {
        const t = tier(item.tierId) ?? code?.unlockedTiers.find((u) => u.id === item.tierId);
        if (!t) return problem("invalid_request");
        if (t.availability === "not_on_sale" || t.availability === "ended")
          return problem("not_on_sale");
        if (item.quantity < t.minPerOrder || item.quantity > t.maxPerOrder) {
          return problem("limit_exceeded");
        }
        if (t.remaining !== null && item.quantity > t.remaining) {
          return problem("sold_out", { tiers: [{ tierId: t.id, remaining: t.remaining }] });
        }
        total += price(item.tierId, item.quantity, code).gross;
      }
      const lines = items.map((i) => ({ ...i, breakdown: price(i.tierId, i.quantity, code) }));
      const sum = (k: keyof PriceBreakdown) => lines.reduce((n, l) => n + l.breakdown[k], 0);
      for (const item of items) setRemaining(item.tierId, -item.quantity);
      const at = now();
      const id = random(16);
      const hold: Hold = {
        id: `hold_${id}`,
        eventId,
        items,
        total: { amount: total, currency: state.event.currency },
        status: "active",
        expiresAt: new Date(at.getTime() + ttl).toISOString(),
        now: at.toISOString(),
        token: random(40),
        ...(code ? { promoCode: code.code } : {}),
        breakdown: {
          net: sum("net"),
          tax: sum("tax"),
          fee: sum("fee"),
          discount: sum("discount"),
          gross: total,
        },
        lines,
      };
      state.holds.set(hold.id, hold);
      return answer(Hold, hold, 201);
    }),
    route(
      "checkPromoCode",
      "get",
      "/events/:eventId/promo-codes/:code",
      (_r, { eventId, code }) => {
        const found = eventId === state.event.id ? promoOf(code) : undefined;
        if (found) return answer(PromoCodeCheck, found);
        return problem(options.promoRefusals?.[code!] ?? "promo_code_unknown");
      },
    ),
    route("getHold", "get", "/holds/:holdId", (r, { holdId }) => {
      const hold = state.holds.get(holdId!);
      if (!hold || hold.token !== tokenOf(r)) return problem("not_found");
      if (hold.status === "active" && Date.parse(hold.expiresAt) <= now().getTime()) {
        hold.status = "expired";
      }
      return answer(Hold, { ...hold, now: now().toISOString() });
    }),
    route("releaseHold", "delete", "/holds/:holdId", (r, { holdId }) => {
      const hold = state.holds.get(holdId!);
      if (!hold || hold.token !== tokenOf(r)) return problem("not_found");
      if (hold.status === "active") {
        hold.status = "released";
        for (const item of hold.items) setRemaining(item.tierId, item.quantity);
      }
      return new HttpResponse(null, { status: 204 });
    }),
    route("checkout", "post", "/holds/:holdId/checkout", (r, { holdId }, body) => {
      const hold = state.holds.get(holdId!);
      if (!hold || hold.token !== tokenOf(r)) return problem("not_found");
      if (hold.status !== "active" || Date.parse(hold.expiresAt) <= now().getTime()) {
        return problem("hold_not_active");
      }
      const request = CheckoutRequest.safeParse(body);
      if (!request.success) return problem("invalid_request");
      hold.status = "converted";
      const entry: MockOrder = {
        token: random(40),
        statuses: [...(options.orderStatuses ?? ["pending_payment", "paid"])],
        names: request.data.attendees?.map((a) => a.name) ?? [request.data.buyer.name],
        buyer: request.data.buyer,
        items: hold.items,
        order: {
          id: hold.id.replace("hold_", "ord_"),
          eventId: hold.eventId,
          status: "pending_payment",
          total: hold.total,
          refunded: { amount: 0, currency: hold.total.currency },
          expiresAt: hold.expiresAt,
          tickets: [],
          nextPollMs,
        },
      };
      state.orders.set(entry.order.id, entry);
      return newCheckout(entry);
    }),
    route("getOrder", "get", "/orders/:orderId", (r, { orderId }) => {
      const entry = state.orders.get(orderId!);
      if (!entry || entry.token !== tokenOf(r)) return problem("not_found");
      return answer(OrderStatus, orderAnswer(entry));
    }),
    route("getReceipt", "get", "/orders/:orderId/receipt", (r, { orderId }) => {
      const entry = state.orders.get(orderId!);
      if (!entry || entry.token !== tokenOf(r)) return problem("not_found");
      return answer(OrderReceipt, receiptOf(entry));
    }),
    route("retryPayment", "post", "/orders/:orderId/payments", (r, { orderId }) => {
      const entry = state.orders.get(orderId!);
      if (!entry || entry.token !== tokenOf(r)) return problem("not_found");
      if (entry.order.status !== "failed") return problem("order_not_payable");
      entry.statuses = [...(options.retryStatuses ?? ["pending_payment", "paid"])];
      entry.order = { ...entry.order, status: "pending_payment", nextPollMs };
      return newCheckout(entry);
    }),
    route("joinWaitlist", "post", "/waitlist", (_r, _p, body) => {
      const request = WaitlistRequest.safeParse(body);
      if (!request.success) return problem("invalid_request");
      const entry: WaitlistEntry = {
        id: `wl_${random(12)}`,
        eventId: request.data.eventId,
        tierId: request.data.tierId,
        quantity: request.data.quantity,
        position: state.waitlist.filter((w) => w.tierId === request.data.tierId).length + 1,
        createdAt: now().toISOString(),
      };
      state.waitlist.push(entry);
      return answer(WaitlistEntry, entry, 201);
    }),
  ];

  return {
    baseUrl,
    handlers,
    state,
    /** Requests to one route, oldest first. */
    requests: (name: MockRoute) => state.requests.filter((r) => r.route === name),
    /** Makes a hold run out now, as the server's clock would. */
    expireHold(holdId: string): void {
      const hold = state.holds.get(holdId);
      if (hold) hold.expiresAt = now().toISOString();
    },
  };
}

/** What `createMockApi` returns. */
export type MockApi = ReturnType<typeof createMockApi>;
