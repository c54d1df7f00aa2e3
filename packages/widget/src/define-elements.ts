import { AdmitTickets } from "./components/admit-tickets/admit-tickets.js";
import { AdmitBuyerForm } from "./components/buyer-form/buyer-form.js";
import { AdmitHoldCountdown } from "./components/hold-countdown/hold-countdown.js";
import { AdmitOrderStatus } from "./components/order-status/order-status.js";
import { AdmitTierList } from "./components/tier-list/tier-list.js";
import { AdmitTierRow } from "./components/tier-row/tier-row.js";
import { AdmitWaitlistForm } from "./components/waitlist-form/waitlist-form.js";

/** Every element of the widget by tag name. */
export const ADMIT_ELEMENTS = {
  "admit-tickets": AdmitTickets,
  "admit-tier-list": AdmitTierList,
  "admit-tier-row": AdmitTierRow,
  "admit-hold-countdown": AdmitHoldCountdown,
  "admit-buyer-form": AdmitBuyerForm,
  "admit-order-status": AdmitOrderStatus,
  "admit-waitlist-form": AdmitWaitlistForm,
} as const;

/**
 * Registers the widget's elements. Harmless to call twice, or after another copy of the widget
 * (a second script tag) registered them: names already taken are left alone.
 * @example import { defineAdmitElements } from "@admit/widget"; defineAdmitElements();
 */
export function defineAdmitElements(registry: CustomElementRegistry = customElements): void {
  for (const [name, element] of Object.entries(ADMIT_ELEMENTS)) {
    if (!registry.get(name)) registry.define(name, element);
  }
}
