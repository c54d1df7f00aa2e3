import type { OrderStatusCode } from "@admit/client/contract";

import { EVENT_INIT } from "./admit-events.js";

// The host events of the order, in a module of their own: they are sent from the order flow's
// chunk, so the first script does not carry them (see `admit-events.ts` for the others).

/**
 * The order exists and the buyer is about to leave for the payment page. Cancelable: a host
 * that calls `preventDefault()` opens `paymentUrl` itself (its own tab, frame or app view);
 * the widget then does not navigate and waits for the payment by polling.
 */
export class AdmitCheckoutEvent extends CustomEvent<{
  readonly orderId: string;
  readonly paymentUrl: string;
  readonly mode: "redirect" | "popup";
}> {
  static readonly type = "admit-checkout";
  constructor(detail: AdmitCheckoutEvent["detail"]) {
    super(AdmitCheckoutEvent.type, { ...EVENT_INIT, cancelable: true, detail });
  }
}

/** The server reported an order status this widget had not seen yet. Never from the URL. */
export class AdmitOrderEvent extends CustomEvent<{
  readonly orderId: string;
  readonly status: OrderStatusCode;
}> {
  static readonly type = "admit-order";
  constructor(orderId: string, status: OrderStatusCode) {
    super(AdmitOrderEvent.type, { ...EVENT_INIT, detail: { orderId, status } });
  }
}

declare global {
  interface HTMLElementEventMap {
    "admit-checkout": AdmitCheckoutEvent;
    "admit-order": AdmitOrderEvent;
  }
}

/** `detail` of {@link AdmitCheckoutEvent}. */
export type AdmitCheckoutEventDetail = AdmitCheckoutEvent["detail"];
/** `detail` of {@link AdmitOrderEvent}. */
export type AdmitOrderEventDetail = AdmitOrderEvent["detail"];
