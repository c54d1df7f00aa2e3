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
