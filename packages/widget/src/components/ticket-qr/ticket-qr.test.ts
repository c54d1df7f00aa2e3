import { expect } from "chai";
import { readQr } from "../../../../../test/browser/helpers/qr-reader.js";
import { until } from "../../../../../test/browser/helpers/widget.js";
import { AdmitTicketQr } from "./ticket-qr.js";

if (!customElements.get("admit-ticket-qr")) customElements.define("admit-ticket-qr", AdmitTicketQr);

async function draw(code: string) {
  const qr = Object.assign(document.createElement("admit-ticket-qr"), {
    code,
    label: `QR code of ticket ${code}`,
  });
  document.body.append(qr);
  const svg = await until(() => qr.shadowRoot?.querySelector("svg"), "the QR code");
  return { qr, svg };
}

describe("admit-ticket-qr", () => {
  it("draws an image named by its label, which a scanner reads back as the code", async () => {
    const { qr, svg } = await draw("9f3ab0c41d7e22a8b6f0");
    expect(svg.getAttribute("role")).to.equal("img");
    expect(svg.getAttribute("aria-label")).to.equal("QR code of ticket 9f3ab0c41d7e22a8b6f0");
    expect(await readQr(svg)).to.equal("9f3ab0c41d7e22a8b6f0");
    // Black on white with four modules of quiet zone around the code, whatever the theme.
    const [, , side] = svg.getAttribute("viewBox")!.split(" ").map(Number);
    expect(svg.querySelector("rect")!.getAttribute("fill")).to.equal("#fff");
    expect(svg.querySelector("path")!.getAttribute("transform")).to.equal("translate(4 4)");
    expect((side! - 8 - 17) % 4, "a QR code's side is 17 + 4 × version modules").to.equal(0);
    qr.remove();
  });

  it("a long code (a signed one, 120 characters) still reads back", async () => {
    const code = `AAA${"x9_-".repeat(29)}Z`;
    const { qr, svg } = await draw(code);
    expect(await readQr(svg)).to.equal(code);
    qr.remove();
  });

  it("a new code replaces the drawing, under its new name", async () => {
    const { qr } = await draw("FIRSTCODE1");
    Object.assign(qr, { code: "SECONDCODE", label: "QR code of ticket SECONDCODE" });
    const svg = await until(() => {
      const drawn = qr.shadowRoot!.querySelector("svg");
      return drawn?.getAttribute("aria-label") === "QR code of ticket SECONDCODE"
        ? drawn
        : undefined;
    }, "the second code");
    expect(svg.getAttribute("aria-label")).to.equal("QR code of ticket SECONDCODE");
    expect(await readQr(svg)).to.equal("SECONDCODE");
    qr.remove();
  });
});
