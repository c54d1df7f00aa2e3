/**
 * The waitlist form of a sold-out tier. Loaded by `screen-loader.ts` as a chunk of its own, only
 * for events with a waitlist.
 * @module
 */
import { AdmitWaitlistForm } from "../components/waitlist-form/waitlist-form.js";
import { defineElement } from "../define-element.js";
import { addLaterEnglish } from "../locales/en.js";
import { enLater } from "../locales/en-later.js";
import type { Localizer } from "../locales/localizer.js";
import type { WidgetState } from "../state/widget-state.js";

addLaterEnglish(enLater);
defineElement("admit-waitlist-form", AdmitWaitlistForm);

/** What the live region says on joining a waitlist (the open form needs no announcement). */
export function announcement(s: WidgetState, l: Localizer): string {
  return s.name === "waitlist-joined" ? l.m.waitlistJoined(s.entry.position) : "";
}
