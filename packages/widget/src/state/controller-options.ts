import type { AdmitClient } from "@admit/client";
import type { SessionStore } from "../store/session-store.js";
import type { WidgetState } from "./widget-state.js";

// Its own module so that the controller and its order flow chunk (`order-flow.ts`) both read it
// without importing each other.

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
  /** The `tiers` attribute: comma-separated tier ids this widget sells; the others are hidden. */
  readonly tiers?: string | null;
  readonly host: ControllerHost;
}
