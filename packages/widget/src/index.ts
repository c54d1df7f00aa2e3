/**
 * `@admit/widget`: the `<admit-tickets>` web component and its parts. Importing this module
 * registers nothing; import `@admit/widget/define` (or call `defineAdmitElements()`) for that.
 * @module
 */
export { AdmitTickets, RETURN_PARAM } from "./components/admit-tickets/admit-tickets.js";
export { AdmitBuyerForm } from "./components/buyer-form/buyer-form.js";
export { AdmitHoldCountdown } from "./components/hold-countdown/hold-countdown.js";
export { AdmitOrderReceipt } from "./components/order-receipt/order-receipt.js";
export { AdmitOrderStatus } from "./components/order-status/order-status.js";
export { AdmitPromoField } from "./components/promo-field/promo-field.js";
export { AdmitTicketQr } from "./components/ticket-qr/ticket-qr.js";
export { AdmitTierList } from "./components/tier-list/tier-list.js";
export { AdmitTierRow } from "./components/tier-row/tier-row.js";
export { AdmitWaitlistForm } from "./components/waitlist-form/waitlist-form.js";
export {
  clientContext,
  intentContext,
  localeContext,
  type SendIntent,
  stateContext,
} from "./context/widget-context.js";
export { ADMIT_ELEMENTS, defineAdmitElements } from "./define-elements.js";
export {
  AdmitErrorEvent,
  type AdmitErrorEventDetail,
  AdmitReadyEvent,
  type AdmitReadyEventDetail,
} from "./events/admit-events.js";
export {
  AdmitHoldEvent,
  type AdmitHoldEventDetail,
  AdmitHoldExpiredEvent,
  type AdmitHoldExpiredEventDetail,
} from "./events/hold-events.js";
export {
  AdmitCheckoutEvent,
  type AdmitCheckoutEventDetail,
  AdmitOrderEvent,
  type AdmitOrderEventDetail,
} from "./events/order-events.js";
export { de } from "./locales/de.js";
export { en, type Messages } from "./locales/en-all.js";
export { Localizer, resolveLocale } from "./locales/localizer.js";
export { transition } from "./state/order-machine.js";
export { problemOf } from "./state/problem-of.js";
export {
  type ControllerHost,
  type ControllerOptions,
  WidgetController,
} from "./state/widget-controller.js";
export { clampQuantity, countSeats, isBuyable, maxQuantity } from "./state/widget-machine.js";
export type * from "./state/widget-state.js";
export {
  type Credential,
  type PendingCheckout,
  type SavedSession,
  SessionStore,
} from "./store/session-store.js";
