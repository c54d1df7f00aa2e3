import type { Checkout, Event, Hold, OrderStatus, OrderStatusCode } from "@admit/client/contract";
import { AdmitCheckoutEvent, AdmitOrderEvent } from "../events/order-events.js";
import type { Credential, PendingCheckout } from "../store/session-store.js";
import type { ControllerOptions } from "./controller-options.js";
import type { WidgetInput, WidgetIntent, WidgetState } from "./widget-state.js";

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
  /** Stops the hold's expiry timer: the hold is spent. */
  holdSpent(): void;
  fail(error: unknown, operation: string): void;
}

/** The order statuses whose screen shows a receipt: paid (also partially refunded) and failed. */
const RECEIPT_STATUSES: ReadonlySet<OrderStatusCode> = new Set([
  "paid",
  "partially_refunded",
  "failed",
]);

/**
 * The steps after a hold: paying (redirect or popup), retrying a payment, polling the order,
 * and joining a waitlist. A chunk of the script-tag build of its own: the first script only
 * shows tiers and takes holds, so this loads while the buyer chooses.
 */
export class OrderFlow {
  private poller?: AbortController;
  private popup: Window | null = null;

  constructor(private readonly c: FlowHost) {}

  /** Stops polling. */
  stop(): void {
    this.poller?.abort();
  }

  /** Pays a hold; `popup` is the window opened in the buyer's click, if any. */
  checkout(
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
    void this.pay(intentKey, (idempotencyKey) =>
      o.client.checkout(hold.id, hold.token, body, { signal: this.c.signal, idempotencyKey }),
    );
  }

  /** Pays a failed order again; when that fails, the order's failed screen reads its receipt anew. */
  retryPayment(order: OrderStatus, popup: Window | null): void {
    this.popup = popup;
    const { o } = this.c;
    const token = o.store.read().order?.token;
    void this.pay(`payment:${order.id}`, (idempotencyKey) =>
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
  private async pay(intent: string, call: (key?: string) => Promise<Checkout>): Promise<boolean> {
    const checkout = await this.c.attempt("checkout", intent, call);
    if (!checkout) {
      this.popup?.close();
      return false;
    }
    saveOrder(this.c.o, checkout);
    this.c.holdSpent();
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
