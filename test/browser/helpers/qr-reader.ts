import type jsQRType from "jsqr";

/** jsQR is a UMD script: loaded as a classic script, it sets `window.jsQR`. */
async function loadJsQr(): Promise<typeof jsQRType> {
  const w = window as unknown as { jsQR?: typeof jsQRType };
  if (!w.jsQR) {
    await new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/node_modules/jsqr/dist/jsQR.js";
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }
  return w.jsQR!;
}

/**
 * Reads the QR code in `svg` as a scanner would: from its pixels, painted by the browser at
 * `size` px onto a canvas. Undefined when no code is found.
 */
export async function readQr(svg: SVGSVGElement, size = 400): Promise<string | undefined> {
  const jsQR = await loadJsQr();
  const source = new XMLSerializer().serializeToString(svg);
  const image = new Image(size, size);
  image.src = URL.createObjectURL(new Blob([source], { type: "image/svg+xml" }));
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d")!;
  context.drawImage(image, 0, 0, size, size);
  URL.revokeObjectURL(image.src);
  return jsQR(context.getImageData(0, 0, size, size).data, size, size)?.data;
}
