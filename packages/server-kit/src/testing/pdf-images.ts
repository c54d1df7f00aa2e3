import { inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream } from "pdf-lib";

/**
 * Decode every QR code drawn on each page of a PDF, in page order: the page's image XObjects
 * (RGB or grey, 8 bits, Flate-compressed, as pdf-lib embeds a PNG) are inflated back to pixels
 * and read with jsQR, as a scanner would read the printed page.
 */
export async function qrCodesPerPage(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of("XObject"), PDFDict);
    const found: string[] = [];
    for (const [, ref] of xObjects?.entries() ?? []) {
      const stream = pdf.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const dict = stream.dict;
      if (dict.get(PDFName.of("Subtype")) !== PDFName.of("Image")) continue;
      const width = (dict.get(PDFName.of("Width")) as PDFNumber).asNumber();
      const height = (dict.get(PDFName.of("Height")) as PDFNumber).asNumber();
      const pixels = inflateSync(stream.contents);
      const channels = pixels.length / (width * height);
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        const r = pixels[i * channels]!;
        rgba.set(
          channels >= 3
            ? [r, pixels[i * channels + 1]!, pixels[i * channels + 2]!, 255]
            : [r, r, r, 255],
          i * 4,
        );
      }
      const qr = jsQR(rgba, width, height);
      if (qr) found.push(qr.data);
    }
    return found;
  });
}
