/**
 * The script-tag entry: registers `<admit-tickets>` and its parts.
 * @example <script type="module" src="https://cdn.example.com/admit/admit.js"></script>
 * @module
 */
import { config } from "zod/mini";
import { defineAdmitElements } from "./define-elements.js";

// zod probes `new Function` to speed up parsing; under a strict CSP (`script-src 'self'`) that
// probe is reported as a violation even though zod catches it. Parsing works the same without.
config({ jitless: true });
defineAdmitElements();

// What the import registers, as types: bringing these into the declaration file also brings
// their `HTMLElementTagNameMap` and `HTMLElementEventMap` entries, so after
// `import "@admit/widget/define"` `document.querySelector("admit-tickets")` is an `AdmitTickets`
// and `addEventListener("admit-order", …)` gets an `AdmitOrderEvent`.
export type { AdmitTickets } from "./components/admit-tickets/admit-tickets.js";
export type {
  AdmitCheckoutEvent,
  AdmitErrorEvent,
  AdmitHoldEvent,
  AdmitHoldExpiredEvent,
  AdmitOrderEvent,
  AdmitReadyEvent,
} from "./events/admit-events.js";
