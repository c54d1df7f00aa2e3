import type { Event, HoldItem, Money } from "@admit/client/contract";
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
    "admit-error": AdmitErrorEvent;
  }
}

/** `detail` of {@link AdmitReadyEvent}. */
export type AdmitReadyEventDetail = AdmitReadyEvent["detail"];
/** `detail` of {@link AdmitHoldEvent}. */
export type AdmitHoldEventDetail = AdmitHoldEvent["detail"];
/** `detail` of {@link AdmitHoldExpiredEvent}. */
export type AdmitHoldExpiredEventDetail = AdmitHoldExpiredEvent["detail"];
/** `detail` of {@link AdmitErrorEvent}. */
export type AdmitErrorEventDetail = AdmitErrorEvent["detail"];
