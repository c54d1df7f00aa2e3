/**
 * The first screen: what the entry script registers itself, enough to show the tiers and take a
 * hold. Every later screen is a chunk of its own (see `screen-loader.ts`).
 * @module
 */
import { AdmitTickets } from "../components/admit-tickets/admit-tickets.js";
import { AdmitTierList } from "../components/tier-list/tier-list.js";
import { defineElement } from "../define-element.js";

/**
 * Registers `<admit-tickets>` and the parts of its first screen (the list renders its tier rows
 * itself; `<admit-tier-row>`, a row on its own, is registered by `defineAdmitElements`).
 */
export function defineFirstScreen(): void {
  defineElement("admit-tickets", AdmitTickets);
  defineElement("admit-tier-list", AdmitTierList);
}
