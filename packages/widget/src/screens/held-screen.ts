/**
 * The screen while seats are held: the summary with its countdown and the buyer form.
 * Loaded by `screen-loader.ts` as a chunk of its own.
 * @module
 */
import { AdmitBuyerForm } from "../components/buyer-form/buyer-form.js";
import { AdmitHoldCountdown } from "../components/hold-countdown/hold-countdown.js";
import { defineElement } from "../define-element.js";
import { addLaterEnglish } from "../locales/en.js";
import { enLater } from "../locales/en-later.js";
import type { Localizer } from "../locales/localizer.js";
import { timeLeft } from "../state/widget-machine.js";
import type { WidgetState } from "../state/widget-state.js";

addLaterEnglish(enLater);
defineElement("admit-hold-countdown", AdmitHoldCountdown);
defineElement("admit-buyer-form", AdmitBuyerForm);

/** What the live region says on entering `held` or `checking-out`. */
export function announcement(s: WidgetState, l: Localizer): string {
  if (s.name === "checking-out") return l.m.paying;
  return s.name === "held" ? l.m.heldFor(l.clock(timeLeft(s.held))) : "";
}
