import { isAdmitApiError } from "@admit/client";
import type { Checkout, Event, Hold, OrderStatus, OrderStatusCode } from "@admit/client/contract";
import { AdmitReadyEvent } from "../events/admit-events.js";
import { AdmitHoldEvent, AdmitHoldExpiredEvent } from "../events/hold-events.js";
import { AdmitCheckoutEvent, AdmitOrderEvent } from "../events/order-events.js";
import type { Credential, PendingCheckout, SavedSession } from "../store/session-store.js";
import type { ControllerOptions } from "./controller-options.js";
import { withOnlyTiers } from "./tier-filter.js";
import { heldSeats, timeLeft } from "./widget-machine.js";

export { transition } from "./order-machine.js";

import type { HeldSeats, WidgetInput, WidgetIntent, WidgetState } from "./widget-state.js";

/** What the order flow uses of its `WidgetController`. */
export interface FlowHost {
  readonly o: ControllerOptions;
  readonly signal: AbortSignal;
  send(input: WidgetInput): void;
  /** Runs a call; on failure reports it and moves the machine on (see the controller). */
  attempt<T>(
    operation: string,
    intent: string | null,
    call: (key?: string) => Promise<T>,
  ): Promise<T | undefined>;
  /** The idempotency key of a buyer's intent. */
  key(intent: string): string;
  fail(error: unknown, operation: string): void;
}

/** The order statuses whose screen shows a receipt: paid (also partially refunded) and failed. */
const RECEIPT_STATUSES: ReadonlySet<OrderStatusCode> = new Set([
  "paid",
  "partially_refunded",
  "failed",
]);

/**
 * The steps from a hold on: its expiry timer and release, paying (redirect or popup), retrying a
 * payment, polling the order, joining a waitlist, and resuming a saved hold or order after a
 * reload or the return from the payment page. A chunk of the script-tag build of its own: the
 * first script only shows tiers and takes holds, so this loads while the buyer chooses.
 */
export class OrderFlow {
  private poller?: AbortController;
  private popup: Window | null = null;
  private expiry?: ReturnType<typeof setTimeout>;

  constructor(private readonly c: FlowHost) {}

  /** Stops polling and the hold's timer. */
  stop(): void {
    this.poller?.abort();
    clearTimeout(this.expiry);
  }

  /**
   * The effects of an input that leaves or enters a state after the first screen (the
   * controller runs those of the first screen, and opens the payment window in the click).
   */
  effect(input: WidgetInput, before: WidgetState, after: WidgetState): void {
    const { store, host } = this.c.o;
    if (after.name === "hold-expired" && before.name !== "hold-expired") {
      // However it ran out: the timer, the server at checkout, or found so on resume.
      store.write({ ...store.read(), hold: undefined, checkout: undefined });
      const held = "held" in before ? before.held : input.type === "resumed-hold" && input.held;
      if (held) host.emit(new AdmitHoldExpiredEvent(held.hold.id));
    }
    switch (input.type) {
      case "release":
        if (before.name === "held") void this.release(before.held.hold);
        return;
      case "join-waitlist":
        if (after.name === "ready" && after.waitlist) {
          void this.joinWaitlist(after, after.event, input);
        }
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
        host.emit(this.orderEvent(input.checkout.order));
        this.leave(input.checkout);
        return;
      case "payment-opened":
        this.pollWhile(after);
        return;
      case "order":
        host.emit(this.orderEvent(input.order));
        if (before.name === "loading") this.pollWhile(after);
        if (after.name !== "confirming") this.closePopup();
        this.receipt(input.order);
        return;
      case "failed":
        // Back on the form after a failed Pay: the hold's timer may have fired meanwhile.
        if (after.name === "held") this.watchExpiry(after.held);
        return;
    }
  }

  /** Resumes the saved order, else the saved hold, else loads the event as usual. */
  async resume(saved: SavedSession): Promise<void> {
    const { client, store, eventId } = this.c.o;
    const { signal } = this.c;
    if (saved.order) {
      const { id, token, paymentUrl } = saved.order;
      try {
        const order = await client.getOrder(id, token, { signal });
        this.c.send({ type: "order", order, paymentUrl });
        return;
      } catch (error) {
        // A forgotten or foreign order shows nothing of it: load the event as usual.
        if (!isAdmitApiError(error, "not_found")) {
          this.c.fail(error, "load");
          return;
        }
        store.write({ ...saved, order: undefined });
      }
    }
    const loaded = await this.c.attempt("load", null, () => client.getEvent(eventId, { signal }));
    if (!loaded) return;
    const event = withOnlyTiers(loaded, this.c.o.tiers);
    if (saved.hold) {
      const { id, token } = saved.hold;
      let hold: Hold | undefined;
      try {
        hold = await client.getHold(id, token, { signal });
      } catch (error) {
        // Only a hold the server does not know is forgotten; after a lost answer it is kept.
        if (!isAdmitApiError(error, "not_found")) return this.c.fail(error, "load");
      }
      if (saved.checkout && (hold?.status === "converted" || hold?.status === "active")) {
        // Reloaded while Pay was on its way: sent again with its key, it answers the order the
        // server made (or is making) for it, or makes it now, as the buyer asked.
        return this.resumeCheckout(saved.hold, saved.checkout);
      }
      if (hold?.status === "active" || hold?.status === "expired") {
        store.write({ hold: saved.hold });
        return this.c.send({ type: "resumed-hold", event, held: heldSeats(hold) });
      }
      store.write({});
    }
    this.c.send({ type: "loaded", event });
  }

  private watchExpiry(held: HeldSeats): void {
    clearTimeout(this.expiry);
    this.expiry = setTimeout(
      () => this.c.send({ type: "hold-expired" }),
      Math.max(0, timeLeft(held)),
    );
  }

  private async release(hold: Hold): Promise<void> {
    clearTimeout(this.expiry);
    this.c.o.store.write({});
    // The seats come back at expiry anyway, so a failed release needs no message.
    await this.c.o.client.releaseHold(hold.id, hold.token).catch(() => undefined);
  }

  /**
   * Pays the hold being checked out, or the failed order again; `popup` is the window opened in
   * the buyer's click, if any.
   */
  pay(
    input: Extract<WidgetIntent, { type: "checkout" | "retry-payment" }>,
    before: WidgetState,
    popup: Window | null,
  ): void {
    if (input.type === "checkout" && before.name === "held") {
      this.checkout(before.held.hold, input, popup);
    } else if (before.name === "failed") this.retryPayment(before.order, popup);
  }

  /** Pays a hold; `popup` is the window opened in the buyer's click, if any. */
  private checkout(
    hold: Hold,
    intent: Extract<WidgetIntent, { type: "checkout" }>,
    popup: Window | null,
  ): void {
    this.popup = popup;
    const { o } = this.c;
    const body = {
      buyer: intent.buyer,
      returnUrl: o.returnUrl,
      ...(intent.attendees && { attendees: [...intent.attendees] }),
      ...(intent.answers && { answers: intent.answers }),
    };
    const intentKey = `checkout:${hold.id}:${JSON.stringify(body)}`;
    o.store.write({ ...o.store.read(), checkout: { key: this.c.key(intentKey), body } });
    void this.payWith(intentKey, (idempotencyKey) =>
      o.client.checkout(hold.id, hold.token, body, { signal: this.c.signal, idempotencyKey }),
    );
  }

  /** Pays a failed order again; when that fails, the order's failed screen reads its receipt anew. */
  private retryPayment(order: OrderStatus, popup: Window | null): void {
    this.popup = popup;
    const { o } = this.c;
    const token = o.store.read().order?.token;
    void this.payWith(`payment:${order.id}`, (idempotencyKey) =>
      token
        ? o.client.retryPayment(
            order.id,
            token,
            { returnUrl: o.returnUrl },
            { signal: this.c.signal, idempotencyKey },
          )
        : Promise.reject(new Error("order token lost")),
    ).then((paying) => paying || this.receipt(order));
  }

  /**
   * Reads the receipt of a paid (or partially refunded) or failed order, once per arrival at
   * that screen; the machine keeps it with the screen. A failed read is reported (`admit-error`,
   * operation `receipt`) and leaves the screen as it is: paid still shows the order's tickets.
   */
  receipt(order: OrderStatus): void {
    const { o, signal } = this.c;
    const token = o.store.read().order?.token;
    if (!token || !RECEIPT_STATUSES.has(order.status)) return;
    void this.c
      .attempt("receipt", null, () => o.client.getReceipt(order.id, token, { signal }))
      .then((receipt) => receipt && this.c.send({ type: "receipt", receipt }));
  }

  /**
   * After a reload while Pay was on its way: sent again with its key, checkout answers the order
   * the server made (or is making) for it, or makes it now, as the buyer asked.
   */
  async resumeCheckout(hold: Credential, { key, body }: PendingCheckout): Promise<void> {
    const { o, signal } = this.c;
    const checkout = await this.c.attempt("load", null, () =>
      o.client.checkout(hold.id, hold.token, body, { signal, idempotencyKey: key }),
    );
    if (checkout) {
      const { paymentUrl } = checkout;
      this.c.send({ type: "order", order: saveOrder(o, checkout), paymentUrl });
    }
  }

  /** The host event for a server-verified order status; the element passes each one on once. */
  orderEvent(order: OrderStatus): AdmitOrderEvent {
    return new AdmitOrderEvent(order.id, order.status);
  }

  /** Closes the payment popup once the order has an outcome. */
  closePopup(): void {
    this.popup?.close();
  }

  /** Whether the payment page is on its way (false: the call failed and was reported). */
  private async payWith(
    intent: string,
    call: (key?: string) => Promise<Checkout>,
  ): Promise<boolean> {
    const checkout = await this.c.attempt("checkout", intent, call);
    if (!checkout) {
      this.popup?.close();
      return false;
    }
    saveOrder(this.c.o, checkout);
    clearTimeout(this.expiry); // the hold is spent
    this.c.send({ type: "checkout-created", checkout });
    return true;
  }

  /** Leaves for the payment page, or opens it in the popup, as the host allows. */
  leave({ order, paymentUrl }: Checkout): void {
    const { o } = this.c;
    const popup = this.popup;
    // A blocked popup falls back to the redirect, and the host hears which one happens.
    const mode = o.checkout === "popup" && popup && !popup.closed ? "popup" : "redirect";
    const go = o.host.emit(new AdmitCheckoutEvent({ orderId: order.id, paymentUrl, mode }));
    const inPopup = go && mode === "popup" && !!popup;
    if (inPopup) {
      // The payment page must not be able to navigate this page (reverse tabnabbing).
      popup.opener = null;
      popup.location.href = paymentUrl;
    } else if (go) {
      // Also the fallback when the popup was blocked.
      o.host.navigate(paymentUrl);
      return;
    } else popup?.close();
    this.c.send({ type: "payment-opened", popup: inPopup });
  }

  /** Polls the order while the state is `confirming`. */
  pollWhile(state: WidgetState): void {
    const { o } = this.c;
    const token = o.store.read().order?.token;
    if (state.name !== "confirming" || !token || this.c.signal.aborted) return;
    this.poller?.abort();
    const poller = new AbortController();
    this.poller = poller;
    const { signal } = poller;
    void (async () => {
      try {
        const updates = o.client.pollOrder(state.order.id, token, {
          signal,
          initial: state.order,
        });
        for await (const order of updates) this.c.send({ type: "order", order });
      } catch (error) {
        if (!signal.aborted) this.c.fail(error, "poll");
      }
    })();
  }

  /** Joins the waitlist of the tier whose form is open. */
  async joinWaitlist(
    state: WidgetState,
    event: Event,
    intent: Extract<WidgetIntent, { type: "join-waitlist" }>,
  ): Promise<void> {
    if (state.name !== "ready" || !state.waitlist) return;
    const request = {
      eventId: event.id,
      tierId: state.waitlist.tierId,
      email: intent.email,
      quantity: intent.quantity,
      ...(intent.name && { name: intent.name }),
    };
    const entry = await this.c.attempt("waitlist", `waitlist:${JSON.stringify(request)}`, (key) =>
      this.c.o.client.joinWaitlist(request, { signal: this.c.signal, idempotencyKey: key }),
    );
    if (entry) this.c.send({ type: "waitlist-joined", entry });
  }
}

/** Keeps the order, its token and its payment page for resuming; the hold is spent. */
function saveOrder(o: ControllerOptions, { order, orderToken, paymentUrl }: Checkout): OrderStatus {
  o.store.write({ order: { id: order.id, token: orderToken, paymentUrl } });
  return order;
}
