/**
 * The QR encoder of the receipt, a chunk of its own: only the paid screen loads it (see
 * `AdmitTicketQr`). lean-qr's smallest build, which encodes and nothing more.
 * @module
 */
import { correction, generate } from "lean-qr/nano";

/** A QR code as an SVG path of its dark modules, one unit per module, without the quiet zone. */
export interface QrCode {
  /** Modules per side. */
  readonly size: number;
  /** The dark modules as rectangles, row by row (`M x y h run v 1 h -run z`). */
  readonly path: string;
}

/**
 * Encodes `text` at error correction M or better (a scratched or creased printout still scans),
 * as a path to draw in a `0 0 size size` view box.
 * @example qrCode("QX7Y2K9P").size // 21
 */
export function qrCode(text: string): QrCode {
  const code = generate(text, { minCorrectionLevel: correction.M });
  let path = "";
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.get(x, y)) continue;
      // One rectangle per run of dark modules: a fifth of the path of one square per module.
      let run = 1;
      while (x + run < code.size && code.get(x + run, y)) run++;
      path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  }
  return { size: code.size, path };
}
