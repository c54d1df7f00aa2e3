import type { HoldItem, Money } from "@admit/client/contract";
import { EVENT_INIT } from "./admit-events.js";

// The host events of a hold, in a module of their own: they are sent from the order flow's
// chunk, so the first script does not carry them.

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
    super(AdmitHoldEvent.type, { ...EVENT_INIT, detail });
  }
}

/** The hold ran out before checkout; the seats are released. */
export class AdmitHoldExpiredEvent extends CustomEvent<{ readonly holdId: string }> {
  static readonly type = "admit-hold-expired";
  constructor(holdId: string) {
    super(AdmitHoldExpiredEvent.type, { ...EVENT_INIT, detail: { holdId } });
  }
}

declare global {
  interface HTMLElementEventMap {
    "admit-hold": AdmitHoldEvent;
    "admit-hold-expired": AdmitHoldExpiredEvent;
  }
}

/** `detail` of {@link AdmitHoldEvent}. */
export type AdmitHoldEventDetail = AdmitHoldEvent["detail"];
/** `detail` of {@link AdmitHoldExpiredEvent}. */
export type AdmitHoldExpiredEventDetail = AdmitHoldExpiredEvent["detail"];
