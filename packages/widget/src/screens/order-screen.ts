/**
 * The screens of an order: leaving for payment, confirming, and the outcomes with the receipt
 * and its tickets. Loaded by `screen-loader.ts` as a chunk of its own; the QR encoder of the
 * receipt is a chunk of its own again (see `AdmitTicketQr`).
 * @module
 */
import { AdmitOrderReceipt } from "../components/order-receipt/order-receipt.js";
import { AdmitOrderStatus } from "../components/order-status/order-status.js";
import { AdmitTicketQr } from "../components/ticket-qr/ticket-qr.js";
import { defineElement } from "../define-element.js";
import { addLaterEnglish } from "../locales/en.js";
import { enLater } from "../locales/en-later.js";
import type { Localizer } from "../locales/localizer.js";
import type { WidgetState } from "../state/widget-state.js";

addLaterEnglish(enLater);
defineElement("admit-order-status", AdmitOrderStatus);
defineElement("admit-order-receipt", AdmitOrderReceipt);
defineElement("admit-ticket-qr", AdmitTicketQr);

/** What the live region says on entering an order's state. */
export function announcement(s: WidgetState, l: Localizer): string {
  const { m } = l;
  switch (s.name) {
    case "checking-out":
      return m.paying;
    case "redirecting":
      return m.redirecting;
    case "confirming":
      return s.popup ? m.popup : m.confirming;
    case "paid":
      return m.paid;
    case "failed":
      return m.notCompleted;
    case "expired":
      return m.expired;
    case "cancelled":
      return m.cancelled;
    case "manual-review":
      return m.manualReview;
    default:
      return "";
  }
}
