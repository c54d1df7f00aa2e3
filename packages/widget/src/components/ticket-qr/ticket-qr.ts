import { html, LitElement, type PropertyValues, type TemplateResult } from "lit";
import type { QrCode } from "./qr-code.js";
import { ticketQrStyles } from "./ticket-qr.styles.js";

/** The QR encoder's chunk, loaded with the first code shown; a failed load is tried again. */
let encoder: Promise<typeof import("./qr-code.js")> | undefined;
function loadEncoder() {
  encoder ??= import("./qr-code.js").catch((error: unknown) => {
    encoder = undefined;
    throw error;
  });
  return encoder;
}

/** Modules of white around the code: the quiet zone the QR standard asks for (also in `render`). */
const QUIET = 4;

/**
 * A ticket's code as a QR code a door scanner reads: black on white, with the standard quiet
 * zone, in the dark theme too; drawn as SVG, so it stays sharp printed or zoomed. An image
 * whose accessible name is `label` (which should name the code). The encoder (lean-qr) is a
 * chunk of its own, loaded when the first code is shown; until then a white square of the
 * same size holds the place.
 *
 * @tagname admit-ticket-qr
 */
export class AdmitTicketQr extends LitElement {
  /** The shadow root's stylesheet. */
  static override styles = ticketQrStyles;

  static override properties = { code: {}, label: {}, qr: { state: true } };

  /** The text to encode: the ticket's code, as the door scans it. */
  declare code: string;
  /** The image's accessible name, e.g. "QR code of ticket QX7Y 2K9P". */
  declare label: string;
  declare private qr: (QrCode & { readonly text: string }) | undefined;

  constructor() {
    super();
    this.code = "";
    this.label = "";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has("code") || !this.code) return;
    const text = this.code;
    loadEncoder().then(
      ({ qrCode }) => {
        // A later code wins over a slow encoder.
        if (this.code === text) this.qr = { ...qrCode(text), text };
      },
      // Offline: the code stays readable beside the placeholder; the next code tries again.
      (error: unknown) => console.error(error),
    );
  }

  override render(): TemplateResult {
    const { qr } = this;
    if (!qr || qr.text !== this.code) {
      return html`<div class="placeholder" role="img" aria-label=${this.label}></div>`;
    }
    const side = qr.size + 2 * QUIET;
    return html`<svg
      role="img"
      aria-label=${this.label}
      viewBox="0 0 ${side} ${side}"
      shape-rendering="crispEdges"
    >
      <rect width=${side} height=${side} fill="#fff"></rect>
      <path transform="translate(4 4)" fill="#000" d=${qr.path}></path>
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-ticket-qr": AdmitTicketQr;
  }
}
