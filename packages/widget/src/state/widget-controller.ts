import { type AdmitClient, isAdmitApiError, newIdempotencyKey } from "@admit/client";
import type { Hold } from "@admit/client/contract";
import {
  AdmitErrorEvent,
  AdmitHoldEvent,
  AdmitHoldExpiredEvent,
  AdmitReadyEvent,
} from "../events/admit-events.js";
import type { SessionStore } from "../store/session-store.js";
import type { FlowHost, OrderFlow } from "./order-flow.js";
import { problemOf } from "./problem-of.js";
import { timeLeft, transition } from "./widget-machine.js";
import type { HeldSeats, WidgetInput, WidgetState } from "./widget-state.js";

/** What the controller needs from the page; the element passes the real ones. */
export interface ControllerHost {
  /** Dispatches a host event; returns false when the host cancelled it. */
  emit(event: globalThis.Event): boolean;
  /** Called after every state change. */
  changed(state: WidgetState): void;
  /** Leaves the page for the payment page. */
  navigate(url: string): void;
  /** Opens an empty popup window, in the buyer's click, or null when blocked. */
  openPopup(): Window | null;
}

/** Everything one widget instance works with. */
export interface ControllerOptions {
  readonly client: AdmitClient;
  readonly eventId: string;
  readonly store: SessionStore;
  /** Where the payment page sends the buyer back. */
  readonly returnUrl: string;
  readonly checkout: "redirect" | "popup";
  readonly host: ControllerHost;
}

/** The steps after a hold, a chunk of their own (see `order-flow.ts`); loaded once. */
let flowModule: Promise<typeof import("./order-flow.js")> | undefined;
function loadFlow() {
  flowModule ??= import("./order-flow.js").catch((error: unknown) => {
    flowModule = undefined;
    throw error;
  });
  return flowModule;
}

function seats(hold: Hold): HeldSeats {
  return { hold, skewMs: Date.parse(hold.now) - Date.now() };
}

/**
 * Runs the state machine's effects: calls the API, keeps the session, starts timers and
 * polling, and emits host events. All state changes go through `send` and `transition`.
 */
export class WidgetController {
  /** The current state. */
  state: WidgetState = { name: "loading" };
  private readonly life = new AbortController();
  private expiry?: ReturnType<typeof setTimeout>;
  private flow?: OrderFlow;
  /** The promo code the buyer applied (the promo field's chunk checked it); holds carry it. */
  private promoCode?: string;
  /** One idempotency key per buyer intent, kept while an unanswered attempt may be retried. */
  private readonly keys = new Map<string, string>();

  constructor(private readonly o: ControllerOptions) {}

  /** Loads the event, or resumes the saved hold or order. */
  start(): void {
    void this.load();
  }

  /** Stops timers and polling; late answers are then ignored. */
  stop(): void {
    this.life.abort();
    this.flow?.stop();
    clearTimeout(this.expiry);
  }

  /** Loads the steps after a hold while the buyer chooses, so paying does not wait for them. */
  prefetch(): void {
    loadFlow().catch(() => undefined);
  }

  /** Runs `step` with the order flow: at once when loaded, else once its chunk has arrived. */
  private withFlow(step: (flow: OrderFlow) => void): void {
    if (this.flow) {
      step(this.flow);
      return;
    }
    loadFlow().then(
      ({ OrderFlow }) => {
        if (this.life.signal.aborted) return;
        this.flow ??= new OrderFlow(this.port());
        step(this.flow);
      },
      (error: unknown) => this.fail(error, "load"),
    );
  }

  /** What the order flow may use of this controller. */
  private port(): FlowHost {
    return {
      o: this.o,
      signal: this.life.signal,
      send: (input) => this.send(input),
      attempt: (operation, intent, call) => this.attempt(operation, intent, call),
      key: (intent) => this.key(intent),
      holdSpent: () => clearTimeout(this.expiry),
      fail: (error, operation) => this.fail(error, operation),
    };
  }

  /** Opens the payment popup now, inside the buyer's click: browsers block later ones. */
  private openPopup(): Window | null {
    return this.o.checkout === "popup" ? this.o.host.openPopup() : null;
  }

  /** Applies an intent or outcome and runs its effects. */
  readonly send = (input: WidgetInput): void => {
    if (this.life.signal.aborted) return;
    const before = this.state;
    const after = transition(before, input);
    if (after === before) return;
    this.state = after;
    this.o.host.changed(after);
    if (after.name === "hold-expired" && before.name !== "hold-expired") {
      // However it ran out: the timer, the server at checkout, or found so on resume.
      const { store } = this.o;
      store.write({ ...store.read(), hold: undefined, checkout: undefined });
      const held = "held" in before ? before.held : input.type === "resumed-hold" && input.held;
      if (held) this.o.host.emit(new AdmitHoldExpiredEvent(held.hold.id));
    }
    this.effect(input, before, after);
  };

  private effect(input: WidgetInput, before: WidgetState, after: WidgetState): void {
    const { store, host } = this.o;
    switch (input.type) {
      case "retry":
      case "start-over":
        this.flow?.stop();
        // The promo field starts afresh (a campaign's code is applied again from its attribute).
        this.promoCode = undefined;
        if (input.type === "start-over") store.write({});
        void this.load();
        return;
      case "reserve":
        if (after.name === "holding") void this.hold(after.quantities);
        return;
      case "release":
        if (before.name === "held") void this.release(before.held.hold);
        return;
      case "checkout":
        if (before.name === "held") {
          const popup = this.openPopup();
          this.withFlow((f) => f.checkout(before.held.hold, input, popup));
        }
        return;
      case "retry-payment":
        if (before.name === "failed") {
          const popup = this.openPopup();
          this.withFlow((f) => f.retryPayment(before.order, popup));
        }
        return;
      case "join-waitlist":
        if (after.name === "ready" && after.waitlist) {
          this.withFlow((f) => void f.joinWaitlist(after, after.event, input));
        }
        return;
      case "loaded":
        host.emit(new AdmitReadyEvent(input.event));
        return;
      case "promo":
        this.promoCode = input.code;
        return;
      case "held":
      case "resumed-hold":
        if (input.type === "held") {
          const { id, items, total, expiresAt } = input.held.hold;
          host.emit(new AdmitHoldEvent({ holdId: id, items, total, expiresAt }));
        } else host.emit(new AdmitReadyEvent(input.event));
        this.watchExpiry(input.held);
        return;
      case "checkout-created":
        this.withFlow((f) => {
          host.emit(f.orderEvent(input.checkout.order));
          f.leave(input.checkout);
        });
        return;
      case "payment-opened":
        this.withFlow((f) => f.pollWhile(after));
        return;
      case "order":
        this.withFlow((f) => {
          host.emit(f.orderEvent(input.order));
          if (before.name === "loading") f.pollWhile(after);
          if (after.name !== "confirming") f.closePopup();
        });
        return;
      case "failed":
        // Back on the form after a failed Pay: the hold's timer may have fired meanwhile.
        if (after.name === "held") this.watchExpiry(after.held);
        return;
    }
  }

  private key(intent: string): string {
    const key = this.keys.get(intent) ?? newIdempotencyKey();
    this.keys.set(intent, key);
    return key;
  }

  /** Runs a call; on failure reports it and moves the machine on with its problem. */
  private async attempt<T>(
    operation: string,
    intent: string | null,
    call: (key?: string) => Promise<T>,
  ) {
    try {
      const result = await call(intent ? this.key(intent) : undefined);
      if (intent) this.keys.delete(intent);
      return result;
    } catch (error) {
      if (this.life.signal.aborted) return undefined;
      // A definite answer ends the intent; after a lost answer the same key is reused.
      if (intent && isAdmitApiError(error) && error.code !== "idempotency_in_progress") {
        this.keys.delete(intent);
      }
      this.fail(error, operation);
      return undefined;
    }
  }

  private async load(): Promise<void> {
    const { client, store, eventId } = this.o;
    const signal = this.life.signal;
    const saved = store.read();
    if (saved.order) {
      const { id, token, paymentUrl } = saved.order;
      try {
        const order = await client.getOrder(id, token, { signal });
        this.send({ type: "order", order, paymentUrl });
        return;
      } catch (error) {
        // A forgotten or foreign order shows nothing of it: load the event as usual.
        if (!isAdmitApiError(error, "not_found")) {
          this.fail(error, "load");
          return;
        }
        store.write({ ...saved, order: undefined });
      }
    }
    const event = await this.attempt("load", null, () => client.getEvent(eventId, { signal }));
    if (!event) return;
    if (saved.hold) {
      const { id, token } = saved.hold;
      let hold: Hold | undefined;
      try {
        hold = await client.getHold(id, token, { signal });
      } catch (error) {
        // Only a hold the server does not know is forgotten; after a lost answer it is kept.
        if (!isAdmitApiError(error, "not_found")) return this.fail(error, "load");
      }
      if (saved.checkout && (hold?.status === "converted" || hold?.status === "active")) {
        // Reloaded while Pay was on its way: sent again with its key, it answers the order the
        // server made (or is making) for it, or makes it now, as the buyer asked.
        const pending = saved.checkout;
        this.withFlow((f) => void f.resumeCheckout(saved.hold!, pending));
        return;
      }
      if (hold?.status === "active" || hold?.status === "expired") {
        store.write({ hold: saved.hold });
        return this.send({ type: "resumed-hold", event, held: seats(hold) });
      }
      store.write({});
    }
    this.send({ type: "loaded", event });
  }

  private fail(error: unknown, operation: string): void {
    if (this.life.signal.aborted) return;
    const problem = problemOf(error);
    this.o.host.emit(new AdmitErrorEvent(problem, operation));
    this.send({ type: "failed", problem });
  }

  private async hold(quantities: Readonly<Record<string, number>>): Promise<void> {
    const items = Object.entries(quantities)
      .filter(([, quantity]) => quantity > 0)
      .map(([tierId, quantity]) => ({ tierId, quantity }));
    const request = { eventId: this.o.eventId, items, promoCode: this.promoCode };
    const hold = await this.attempt("hold", `hold:${JSON.stringify(items)}`, (idempotencyKey) =>
      this.o.client.createHold(request, { signal: this.life.signal, idempotencyKey }),
    );
    if (!hold) return;
    this.o.store.write({ hold: { id: hold.id, token: hold.token } });
    this.send({ type: "held", held: seats(hold) });
  }

  private watchExpiry(held: HeldSeats): void {
    clearTimeout(this.expiry);
    this.expiry = setTimeout(
      () => this.send({ type: "hold-expired" }),
      Math.max(0, timeLeft(held)),
    );
  }

  private async release(hold: Hold): Promise<void> {
    clearTimeout(this.expiry);
    this.o.store.write({});
    // The seats come back at expiry anyway, so a failed release needs no message.
    await this.o.client.releaseHold(hold.id, hold.token).catch(() => undefined);
  }
}
