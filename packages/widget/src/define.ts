/**
 * The script-tag entry: registers `<admit-tickets>` and the parts of its first screen (the
 * tiers); the later screens load as chunks when first needed, prefetched while the buyer chooses.
 * @example <script type="module" src="https://cdn.example.com/admit/admit.js"></script>
 * @module
 */
import { defineFirstScreen } from "./screens/first-screen.js";

defineFirstScreen();

// What the import registers, as types: bringing these into the declaration file also brings
// their `HTMLElementTagNameMap` and `HTMLElementEventMap` entries, so after
// `import "@admit/widget/define"` `document.querySelector("admit-tickets")` is an `AdmitTickets`
// and `addEventListener("admit-order", …)` gets an `AdmitOrderEvent`.
export type { AdmitTickets } from "./components/admit-tickets/admit-tickets.js";
export type { AdmitBuyerForm } from "./components/buyer-form/buyer-form.js";
export type { AdmitHoldCountdown } from "./components/hold-countdown/hold-countdown.js";
export type { AdmitOrderReceipt } from "./components/order-receipt/order-receipt.js";
export type { AdmitOrderStatus } from "./components/order-status/order-status.js";
export type { AdmitTicketQr } from "./components/ticket-qr/ticket-qr.js";
export type { AdmitWaitlistForm } from "./components/waitlist-form/waitlist-form.js";
export type { AdmitErrorEvent, AdmitReadyEvent } from "./events/admit-events.js";
export type { AdmitHoldEvent, AdmitHoldExpiredEvent } from "./events/hold-events.js";
export type { AdmitCheckoutEvent, AdmitOrderEvent } from "./events/order-events.js";
