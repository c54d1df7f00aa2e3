import type { AdmitTickets } from "@admit/widget";
import { byRole, inState, type } from "./widget.js";

/** Chooses `quantity` of the tier named `tier` and presses Reserve, up to `held`. */
export async function reserve(el: AdmitTickets, tier = "Standard", quantity = 2) {
  await inState(el, "ready");
  type(byRole(el, "spinbutton", new RegExp(tier)), String(quantity));
  await inState(el, "ready");
  byRole(el, "button", "Reserve").click();
  await inState(el, "held");
}

/** Fills the buyer form and presses Pay; the host keeps the buyer on the page (cancels the redirect). */
export async function pay(el: AdmitTickets) {
  el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
  type(byRole(el, "textbox", "Name"), "Ada Lovelace");
  type(byRole(el, "textbox", "Email"), "ada@example.com");
  byRole(el, "button", /^Pay/).click();
}

/**
 * A payment page that is a fragment of the test page, for the mock's `paymentUrl`: the widget's
 * redirect then stays on the page, in `redirecting`.
 */
export function samePagePayment(orderId: string): string {
  return `${location.href.split("#")[0]}#pay-${orderId}`;
}

/** Fills the buyer form and presses Pay, letting the widget leave for the payment page. */
export function payAndLeave(el: AdmitTickets) {
  type(byRole(el, "textbox", "Name"), "Ada Lovelace");
  type(byRole(el, "textbox", "Email"), "ada@example.com");
  byRole(el, "button", /^Pay/).click();
}
