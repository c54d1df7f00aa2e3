import type { Event, HoldItem, Money, OrderStatusCode } from "@admit/client/contract";
import type { WidgetProblemCode } from "../state/widget-state.js";

const init = { bubbles: true, composed: true } as const;

/** The event's data loaded and the tiers are shown. */
export class AdmitReadyEvent extends CustomEvent<{ readonly event: Event }> {
  static readonly type = "admit-ready";
  constructor(event: Event) {
    super(AdmitReadyEvent.type, { ...init, detail: { event } });
  }
}

/** Seats were held for the buyer (a new hold, not a resumed one). */
export class AdmitHoldEvent extends CustomEvent<{
  readonly holdId: string;
  readonly items: readonly HoldItem[];
  readonly total: Money;
  /** The server's expiry time (RFC 3339). */
  readonly expiresAt: string;
}> {
  static readonly type = "admit-hold";
  constructor(detail: AdmitHoldEvent["detail"]) {
    super(AdmitHoldEvent.type, { ...init, detail });
  }
}

/** The hold ran out before checkout; the seats are released. */
export class AdmitHoldExpiredEvent extends CustomEvent<{ readonly holdId: string }> {
  static readonly type = "admit-hold-expired";
  constructor(holdId: string) {
    super(AdmitHoldExpiredEvent.type, { ...init, detail: { holdId } });
  }
}

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
    super(AdmitCheckoutEvent.type, { ...init, cancelable: true, detail });
  }
}

/** The server reported an order status this widget had not seen yet. Never from the URL. */
export class AdmitOrderEvent extends CustomEvent<{
  readonly orderId: string;
  readonly status: OrderStatusCode;
}> {
  static readonly type = "admit-order";
  constructor(orderId: string, status: OrderStatusCode) {
    super(AdmitOrderEvent.type, { ...init, detail: { orderId, status } });
  }
}

/** Something the buyer asked for failed; the widget shows a message and a way forward. */
export class AdmitErrorEvent extends CustomEvent<{
  readonly code: WidgetProblemCode;
  /** What the widget was doing, e.g. `load`, `hold`, `checkout`. */
  readonly operation: string;
}> {
  static readonly type = "admit-error";
  constructor(code: WidgetProblemCode, operation: string) {
    super(AdmitErrorEvent.type, { ...init, detail: { code, operation } });
  }
}

declare global {
  interface HTMLElementEventMap {
    "admit-ready": AdmitReadyEvent;
    "admit-hold": AdmitHoldEvent;
    "admit-hold-expired": AdmitHoldExpiredEvent;
    "admit-checkout": AdmitCheckoutEvent;
    "admit-order": AdmitOrderEvent;
    "admit-error": AdmitErrorEvent;
  }
}

/** `detail` of {@link AdmitReadyEvent}. */
export type AdmitReadyEventDetail = AdmitReadyEvent["detail"];
/** `detail` of {@link AdmitHoldEvent}. */
export type AdmitHoldEventDetail = AdmitHoldEvent["detail"];
/** `detail` of {@link AdmitHoldExpiredEvent}. */
export type AdmitHoldExpiredEventDetail = AdmitHoldExpiredEvent["detail"];
/** `detail` of {@link AdmitCheckoutEvent}. */
export type AdmitCheckoutEventDetail = AdmitCheckoutEvent["detail"];
/** `detail` of {@link AdmitOrderEvent}. */
export type AdmitOrderEventDetail = AdmitOrderEvent["detail"];
/** `detail` of {@link AdmitErrorEvent}. */
export type AdmitErrorEventDetail = AdmitErrorEvent["detail"];
