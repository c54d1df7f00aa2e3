import { AdmitTickets } from "./components/admit-tickets/admit-tickets.js";
import { AdmitBuyerForm } from "./components/buyer-form/buyer-form.js";
import { AdmitHoldCountdown } from "./components/hold-countdown/hold-countdown.js";
import { AdmitOrderReceipt } from "./components/order-receipt/order-receipt.js";
import { AdmitOrderStatus } from "./components/order-status/order-status.js";
import { AdmitPromoField } from "./components/promo-field/promo-field.js";
import { AdmitTicketQr } from "./components/ticket-qr/ticket-qr.js";
import { AdmitTierList } from "./components/tier-list/tier-list.js";
import { AdmitTierRow } from "./components/tier-row/tier-row.js";
import { AdmitWaitlistForm } from "./components/waitlist-form/waitlist-form.js";
import { defineElement } from "./define-element.js";
import { addLaterEnglish } from "./locales/en.js";
import { enLater } from "./locales/en-later.js";

/** Every element of the widget by tag name. */
export const ADMIT_ELEMENTS = {
  "admit-tickets": AdmitTickets,
  "admit-tier-list": AdmitTierList,
  "admit-tier-row": AdmitTierRow,
  "admit-hold-countdown": AdmitHoldCountdown,
  "admit-buyer-form": AdmitBuyerForm,
  "admit-order-status": AdmitOrderStatus,
  "admit-order-receipt": AdmitOrderReceipt,
  "admit-ticket-qr": AdmitTicketQr,
  "admit-waitlist-form": AdmitWaitlistForm,
  "admit-promo-field": AdmitPromoField,
} as const;

/**
 * Registers the widget's elements. Harmless to call twice, or after another copy of the widget
 * (a second script tag) registered them: names already taken are left alone.
 * @example import { defineAdmitElements } from "@admit/widget"; defineAdmitElements();
 */
export function defineAdmitElements(registry: CustomElementRegistry = customElements): void {
  // Every screen is registered at once here, so every message is needed at once too.
  addLaterEnglish(enLater);
  for (const [name, element] of Object.entries(ADMIT_ELEMENTS))
    defineElement(name, element, registry);
}
