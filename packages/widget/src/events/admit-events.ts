import type { Event } from "@admit/client/contract";
import type { WidgetProblemCode } from "../state/widget-state.js";

// The host events the first screen sends; those of a hold are in `hold-events.ts` and those of
// an order in `order-events.ts`, sent from the order flow's chunk.
export const EVENT_INIT = { bubbles: true, composed: true } as const;

/** The event's data loaded and the tiers are shown. */
export class AdmitReadyEvent extends CustomEvent<{ readonly event: Event }> {
  static readonly type = "admit-ready";
  constructor(event: Event) {
    super(AdmitReadyEvent.type, { ...EVENT_INIT, detail: { event } });
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
    super(AdmitErrorEvent.type, { ...EVENT_INIT, detail: { code, operation } });
  }
}

declare global {
  interface HTMLElementEventMap {
    "admit-ready": AdmitReadyEvent;
    "admit-error": AdmitErrorEvent;
  }
}

/** `detail` of {@link AdmitReadyEvent}. */
export type AdmitReadyEventDetail = AdmitReadyEvent["detail"];
/** `detail` of {@link AdmitErrorEvent}. */
export type AdmitErrorEventDetail = AdmitErrorEvent["detail"];
