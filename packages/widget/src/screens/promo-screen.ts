/**
 * The promo-code field. Loaded by `screen-loader.ts` as a chunk of its own, only for events
 * with promo codes (`hasPromoCodes`).
 * @module
 */
import { AdmitPromoField } from "../components/promo-field/promo-field.js";
import { defineElement } from "../define-element.js";
import { addLaterEnglish, english } from "../locales/en.js";
import { enLater } from "../locales/en-later.js";

addLaterEnglish(enLater);
// The promo codes' problems join the English catalogue, which also decides which server codes
// the widget names (`problemOf`): a hold refused for its code then says why, in any language.
Object.assign(english.problems, enLater.promoProblems);
defineElement("admit-promo-field", AdmitPromoField);

/** The field announces its own results (`role="status"`, `role="alert"`). */
export function announcement(): string {
  return "";
}
