import { type AdmitClient, isAdmitApiError, newIdempotencyKey } from "@admit/client";
import type { Checkout, Event, Hold, OrderStatus } from "@admit/client/contract";
import {
  AdmitCheckoutEvent,
  AdmitErrorEvent,
  AdmitHoldEvent,
  AdmitHoldExpiredEvent,
  AdmitOrderEvent,
  AdmitReadyEvent,
} from "../events/admit-events.js";
import type { SessionStore } from "../store/session-store.js";
import { problemOf } from "./problem-of.js";
import { timeLeft, transition } from "./widget-machine.js";
import type { HeldSeats, WidgetInput, WidgetIntent, WidgetState } from "./widget-state.js";

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
  private poller?: AbortController;
  private expiry?: ReturnType<typeof setTimeout>;
  private popup: Window | null = null;
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
    this.poller?.abort();
    clearTimeout(this.expiry);
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
        this.poller?.abort();
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
        if (before.name === "held") this.checkout(before.held.hold, input);
        return;
      case "retry-payment":
        if (before.name === "failed") this.retryPayment(before.order);
        return;
      case "join-waitlist":
        if (after.name === "ready" && after.waitlist) void this.joinWaitlist(after.event, input);
        return;
      case "loaded":
        host.emit(new AdmitReadyEvent(input.event));
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
        this.orderSeen(input.checkout.order);
        this.leave(input.checkout);
        return;
      case "payment-opened":
        this.pollWhile(after);
        return;
      case "order":
        this.orderSeen(input.order);
        if (before.name === "loading") this.pollWhile(after);
        if (after.name !== "confirming") this.popup?.close();
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
        const { key, body } = saved.checkout;
        const checkout = await this.attempt("load", null, () =>
          client.checkout(id, token, body, { signal, idempotencyKey: key }),
        );
        if (checkout) {
          const { paymentUrl } = checkout;
          this.send({ type: "order", order: this.saveOrder(checkout), paymentUrl });
        }
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
    const request = { eventId: this.o.eventId, items };
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

  private checkout(hold: Hold, intent: Extract<WidgetIntent, { type: "checkout" }>): void {
    // Opened now, inside the buyer's click, because browsers block popups opened later.
    if (this.o.checkout === "popup") this.popup = this.o.host.openPopup();
    const body = {
      buyer: intent.buyer,
      returnUrl: this.o.returnUrl,
      ...(intent.attendees && { attendees: [...intent.attendees] }),
    };
    const intentKey = `checkout:${hold.id}:${JSON.stringify(body)}`;
    const { store } = this.o;
    store.write({ ...store.read(), checkout: { key: this.key(intentKey), body } });
    void this.pay(intentKey, (idempotencyKey) =>
      this.o.client.checkout(hold.id, hold.token, body, {
        signal: this.life.signal,
        idempotencyKey,
      }),
    );
  }

  private retryPayment(order: OrderStatus): void {
    const token = this.o.store.read().order?.token;
    if (this.o.checkout === "popup") this.popup = this.o.host.openPopup();
    void this.pay(`payment:${order.id}`, (idempotencyKey) =>
      token
        ? this.o.client.retryPayment(
            order.id,
            token,
            { returnUrl: this.o.returnUrl },
            { signal: this.life.signal, idempotencyKey },
          )
        : Promise.reject(new Error("order token lost")),
    );
  }

  private async pay(intent: string, call: (key?: string) => Promise<Checkout>): Promise<void> {
    const checkout = await this.attempt("checkout", intent, call);
    if (!checkout) {
      this.popup?.close();
      return;
    }
    this.saveOrder(checkout);
    clearTimeout(this.expiry);
    this.send({ type: "checkout-created", checkout });
  }

  /** Keeps the order, its token and its payment page for resuming; the hold is spent. */
  private saveOrder({ order, orderToken, paymentUrl }: Checkout): OrderStatus {
    this.o.store.write({ order: { id: order.id, token: orderToken, paymentUrl } });
    return order;
  }

  private leave({ order, paymentUrl }: Checkout): void {
    const popup = this.popup;
    // A blocked popup falls back to the redirect, and the host hears which one happens.
    const mode = this.o.checkout === "popup" && popup && !popup.closed ? "popup" : "redirect";
    const go = this.o.host.emit(new AdmitCheckoutEvent({ orderId: order.id, paymentUrl, mode }));
    const inPopup = go && mode === "popup" && !!popup;
    if (inPopup) {
      // The payment page must not be able to navigate this page (reverse tabnabbing).
      popup.opener = null;
      popup.location.href = paymentUrl;
    } else if (go) {
      // Also the fallback when the popup was blocked.
      this.o.host.navigate(paymentUrl);
      return;
    } else popup?.close();
    this.send({ type: "payment-opened", popup: inPopup });
  }

  /** Reports the status the server answered; the element passes each status on once. */
  private orderSeen(order: OrderStatus): void {
    this.o.host.emit(new AdmitOrderEvent(order.id, order.status));
  }

  private pollWhile(state: WidgetState): void {
    const token = this.o.store.read().order?.token;
    if (state.name !== "confirming" || !token) return;
    this.poller?.abort();
    // stop() aborts the poller too, and nothing starts one after stop().
    const poller = new AbortController();
    this.poller = poller;
    const { signal } = poller;
    void (async () => {
      try {
        const updates = this.o.client.pollOrder(state.order.id, token, {
          signal,
          initial: state.order,
        });
        for await (const order of updates) this.send({ type: "order", order });
      } catch (error) {
        if (!signal.aborted) this.fail(error, "poll");
      }
    })();
  }

  private async joinWaitlist(
    event: Event,
    intent: Extract<WidgetIntent, { type: "join-waitlist" }>,
  ): Promise<void> {
    const state = this.state;
    if (state.name !== "ready" || !state.waitlist) return;
    const request = {
      eventId: event.id,
      tierId: state.waitlist.tierId,
      email: intent.email,
      quantity: intent.quantity,
      ...(intent.name && { name: intent.name }),
    };
    const entry = await this.attempt("waitlist", `waitlist:${JSON.stringify(request)}`, (key) =>
      this.o.client.joinWaitlist(request, { signal: this.life.signal, idempotencyKey: key }),
    );
    if (entry) this.send({ type: "waitlist-joined", entry });
  }
}
