import type { AdmitTickets } from "@admit/widget";
import { expect } from "chai";
import { MOCK_API } from "../mocks/fixtures.js";
import type { MockApi } from "../mocks/mock-api.js";
import { pay, reserve } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import { readQr } from "./helpers/qr-reader.js";
import { useHostPage, VIEWPORTS } from "./helpers/viewports.js";
import {
  allByRole,
  byRole,
  cleanUp,
  deepAll,
  inState,
  mount,
  recordEvents,
  settle,
  type,
  until,
} from "./helpers/widget.js";

// The receipt after paying and the failed screen (issues 18 and 15), through the widget's real
// flow against the msw mock of the contract, at a phone's and a laptop's width.

/** Two Standard and one VIP seat, paid (the mock's default statuses: pending, then paid). */
async function buyThree(el: AdmitTickets): Promise<void> {
  await inState(el, "ready");
  type(byRole(el, "spinbutton", /VIP/), "1");
  await reserve(el, "Standard", 2);
  await pay(el);
  await inState(el, "paid");
}

/** The receipt element once it shows the receipt (not only the order's tickets). */
async function receiptOf(el: AdmitTickets): Promise<HTMLElement> {
  const receipt = await until(
    () =>
      deepAll(el, "admit-order-receipt").find((r) =>
        r.shadowRoot?.querySelector("[part=receipt-event]"),
      ),
    "the receipt",
  );
  await settle(el);
  return receipt as HTMLElement;
}

/** Text of `root`'s elements matching `selector`, whitespace collapsed. */
function texts(root: Element | ShadowRoot, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((e) =>
    e.textContent!.replace(/\s+/g, " ").trim(),
  );
}

/** Neither the page nor any visible part of the widget is wider than its box. */
function expectNoHorizontalOverflow(el: Element): void {
  expect(document.documentElement.scrollWidth, "page width").to.be.at.most(innerWidth);
  const widget = el.getBoundingClientRect();
  for (const part of deepAll(el, "[part]") as HTMLElement[]) {
    // The live region is visually hidden (1 px, clipped) on purpose.
    if (part.getAttribute("part") === "announcer") continue;
    const name = part.getAttribute("part");
    expect(part.scrollWidth, `${name} overflows`).to.be.at.most(
      part.clientWidth || part.scrollWidth,
    );
    expect(part.getBoundingClientRect().right, `${name} past the widget`).to.be.at.most(
      widget.right + 0.5,
    );
  }
}

/** The QR images drawn below `root` (each in its `<admit-ticket-qr>`). */
function qrImages(root: Element): SVGSVGElement[] {
  return deepAll(root, "admit-ticket-qr").flatMap((qr) => {
    const svg = qr.shadowRoot?.querySelector("svg");
    return svg ? [svg] : [];
  });
}

/** `root`'s text, whitespace (also Intl's narrow no-break space) collapsed. */
function textOf(root: Element | ShadowRoot): string {
  return root.textContent!.replace(/\s+/g, " ");
}

function orderOf(api: MockApi) {
  const [entry] = [...api.state.orders.values()];
  return entry!;
}

for (const viewport of VIEWPORTS) {
  describe(`the receipt at ${viewport.width}×${viewport.height} (${viewport.name})`, () => {
    const page = useHostPage(viewport);

    it("shows the event, order number, lines, total, confirmation, every ticket with its QR code and grouped code, and the downloads", async () => {
      const api = await useMockApi({ sendsConfirmationEmail: true, wallet: true });
      const el = mount({}, page()) as AdmitTickets;
      await buyThree(el);
      const receipt = await receiptOf(el);
      const root = receipt.shadowRoot!;
      const { order, token } = orderOf(api);

      expect(texts(root, "h2")).to.deep.equal(["Spring Gala 2027"]);
      // 18:00 UTC is 20:00 in Berlin in May: the event's own zone, not the test machine's.
      expect(textOf(root)).to.contain("May 21, 2027, 8:00 PM").and.contain("Town Hall");
      const summary = texts(root, "[part=order-number] dd");
      expect(summary[0]).to.match(/^[A-Z0-9]{3}-[A-Z0-9]{4}$/);
      expect(summary[1]).to.equal("€210.00");
      expect(texts(root, "[part=lines] li")).to.have.members([
        "2 × Standard €90.00",
        "1 × VIP €120.00",
      ]);
      expect(texts(root, "[part=confirmation]")).to.deep.equal([
        "A confirmation was sent to ada@example.com.",
      ]);
      expect(texts(root, "h3")).to.deep.equal(["Your order", "Your tickets"]);

      const tickets = [...root.querySelectorAll("[part=ticket]")];
      expect(tickets).to.have.length(3);
      for (const [i, ticket] of tickets.entries()) {
        const code = order.tickets[i]!.code;
        const groups = [...ticket.querySelectorAll("[part=ticket-code] span")].map(
          (s) => s.textContent,
        );
        expect(groups.join(""), "the code, copied without spaces").to.equal(code);
        expect(groups.every((g) => g!.length <= 4)).to.equal(true);
        const qr = await until(
          () => ticket.querySelector("admit-ticket-qr")?.shadowRoot?.querySelector("svg"),
          "QR",
        );
        expect(qr.getAttribute("role")).to.equal("img");
        expect(qr.getAttribute("aria-label")).to.equal(`QR code of ticket ${groups.join(" ")}`);
        const box = qr.getBoundingClientRect();
        expect(box.width, "a QR code big enough to scan").to.be.at.least(120);
      }

      const links = allByRole(receipt, "link") as HTMLAnchorElement[];
      const base = `${MOCK_API}/orders/${order.id}`;
      expect(links.map((a) => [a.textContent!.trim(), a.href])).to.deep.equal([
        ["Download tickets (PDF)", `${base}/tickets.pdf?token=${token}`],
        ["Add to calendar (.ics)", `${base}/calendar.ics?token=${token}`],
        ["Add to Apple Wallet", `${base}/wallet.pkpass?token=${token}`],
      ]);
      expectNoHorizontalOverflow(el);
      expect(api.requests("getReceipt")).to.have.length(1);
    });

    it("draws QR codes that decode back to each ticket's code", async () => {
      const api = await useMockApi();
      const el = mount({}, page()) as AdmitTickets;
      await buyThree(el);
      const receipt = await receiptOf(el);
      const codes = orderOf(api).order.tickets.map((t) => t.code);
      const svgs = await until(() => {
        const found = qrImages(receipt);
        return found.length === codes.length ? found : undefined;
      }, "three QR codes");
      const decoded = [];
      for (const svg of svgs) decoded.push(await readQr(svg));
      expect(decoded).to.deep.equal(codes);
      // The control: a changed module is a different (or no) code, so the check reads pixels.
      const broken = svgs[0]!.cloneNode(true) as SVGSVGElement;
      // Every other run of dark modules removed.
      const path = broken.querySelector("path")!;
      path.setAttribute(
        "d",
        path.getAttribute("d")!.replace(/(M\d+ \d+h\d+v1h-\d+z)M\d+ \d+h\d+v1h-\d+z/g, "$1"),
      );
      expect(await readQr(broken)).to.not.equal(codes[0]);
    });

    it("a partially refunded order lists the refunded ticket as void, without a QR code, and the amount refunded", async () => {
      await useMockApi({ orderStatuses: ["pending_payment", "partially_refunded"] });
      const el = mount({}, page()) as AdmitTickets;
      await buyThree(el);
      const root = (await receiptOf(el)).shadowRoot!;
      const [first, ...rest] = [...root.querySelectorAll("[part=ticket]")];
      expect(first!.classList.contains("void")).to.equal(true);
      expect(first!.querySelector("admit-ticket-qr")).to.equal(null);
      expect(first!.textContent).to.contain("Void: this ticket was refunded");
      expect(rest.map((t) => t.querySelector("admit-ticket-qr") !== null)).to.deep.equal([
        true,
        true,
      ]);
      expect(texts(root, "[part=order-number] dt")).to.deep.equal([
        "Order number",
        "Total paid",
        "Refunded",
      ]);
      // The mock refunds the first ticket at its tier's price.
      const refunded = first!.textContent!.includes("VIP") ? "€120.00" : "€45.00";
      expect(texts(root, "[part=order-number] dd")[2]).to.equal(refunded);
      expectNoHorizontalOverflow(el);
    });

    it("without a wallet or a confirmation e-mail, neither is mentioned; in German everything is German", async () => {
      await useMockApi();
      const el = mount({ locale: "de" }, page()) as AdmitTickets;
      await until(() => allByRole(el, "button", "Reservieren").length, "German");
      type(byRole(el, "spinbutton", /Standard/), "2");
      await inState(el, "ready");
      byRole(el, "button", "Reservieren").click();
      await inState(el, "held");
      el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
      type(byRole(el, "textbox", "Name"), "Ada Lovelace");
      type(byRole(el, "textbox", "E-Mail"), "ada@example.com");
      byRole(el, "button", /^Bezahlen/).click();
      await inState(el, "paid");
      const receipt = await receiptOf(el);
      const root = receipt.shadowRoot!;
      expect(root.querySelector("[part=confirmation]")).to.equal(null);
      expect(allByRole(receipt, "link").map((a) => a.textContent!.trim())).to.deep.equal([
        "Tickets herunterladen (PDF)",
        "Zum Kalender hinzufügen (.ics)",
      ]);
      expect(texts(root, "[part=order-number] dt")).to.deep.equal(["Bestellnummer", "Bezahlt"]);
      expect(texts(root, "h3")).to.deep.equal(["Ihre Bestellung", "Ihre Tickets"]);
      expect(texts(root, "[part=lines] li")).to.include("2 × Standard 90,00 €");
      expect(textOf(root)).to.contain("21. Mai 2027, 20:00");
      const qr = await until(() => qrImages(receipt)[0], "QR");
      expect(qr.getAttribute("aria-label")).to.match(/^QR-Code des Tickets /);
      expectNoHorizontalOverflow(el);
    });

    it("when the receipt cannot be read, the tickets still show with their QR codes, and the host hears why", async () => {
      const api = await useMockApi({ problems: { getReceipt: "internal_error" } });
      const el = mount({}, page()) as AdmitTickets;
      const errors = recordEvents(el, ["admit-error"]);
      await buyThree(el);
      await until(() => errors.length, "admit-error");
      expect(errors.map((e) => e.detail)).to.deep.equal([
        { code: "internal_error", operation: "receipt" },
      ]);
      expect(el.state.name).to.equal("paid");
      await until(() => qrImages(el).length === 3, "three QR codes");
      const codes = deepAll(el, "[part=ticket-code]").map((c) => c.textContent);
      expect(codes).to.deep.equal(orderOf(api).order.tickets.map((t) => t.code));
      const fallback = deepAll(el, "admit-order-receipt")[0]!.shadowRoot!;
      expect(texts(fallback, "h2, h3")).to.deep.equal(["Your tickets"]);
      expect(fallback.querySelector("h2")!.classList.contains("sub")).to.equal(true);
    });

    it("failed: says what was ordered, that the seats are held and until when, and offers Try again", async () => {
      await useMockApi({ orderStatuses: ["pending_payment", "failed"] });
      const el = mount({}, page()) as AdmitTickets;
      await inState(el, "ready");
      type(byRole(el, "spinbutton", /VIP/), "1");
      await reserve(el, "Standard", 2);
      await pay(el);
      await inState(el, "failed");
      const status = deepAll(el, "admit-order-status")[0]!;
      const root = status.shadowRoot!;
      await until(() => root.querySelector("[part=lines]"), "the order's lines");
      expect(texts(root, "[part=lines] li")).to.have.members([
        "2 × Standard €90.00",
        "1 × VIP €120.00",
      ]);
      expect(texts(root, "[part=message]")[0]).to.contain("The payment was not completed");
      expect(texts(root, "h2")).to.deep.equal(["Your order"]);
      expect(texts(root, "[part=hold-status]")[0]).to.match(
        /^Your seats are still held for \d+ minutes \(until \d{1,2}:\d\d\s?[AP]M\)\.$/,
      );
      expect(allByRole(status, "button").map((b) => b.textContent!.trim())).to.deep.equal([
        "Try again",
        "Choose tickets again",
      ]);
      expectNoHorizontalOverflow(el);
    });
  });
}

describe("the receipt's parts and the failed screen after a refused retry", () => {
  afterEach(cleanUp);

  it("the receipt's parts are reachable as admit-tickets::part(…), through every level", async () => {
    await useMockApi({ wallet: true });
    const style = document.createElement("style");
    style.textContent = ["receipt-event", "lines", "ticket", "qr", "ticket-code", "download-link"]
      .map((part, i) => `admit-tickets::part(${part}) { outline-color: rgb(${i + 1}, 2, 3) }`)
      .join("\n");
    document.head.append(style);
    try {
      const el = mount() as AdmitTickets;
      await buyThree(el);
      const root = (await receiptOf(el)).shadowRoot!;
      const color = (selector: string) =>
        getComputedStyle(root.querySelector(selector)!).outlineColor;
      expect(color("[part=receipt-event]")).to.equal("rgb(1, 2, 3)");
      expect(color("[part=lines]")).to.equal("rgb(2, 2, 3)");
      expect(color("[part=ticket]")).to.equal("rgb(3, 2, 3)");
      expect(color("[part=qr]")).to.equal("rgb(4, 2, 3)");
      expect(color("[part=ticket-code]")).to.equal("rgb(5, 2, 3)");
      expect(color("[part=download-link]")).to.equal("rgb(6, 2, 3)");
    } finally {
      style.remove();
    }
  });

  it("when Try again is refused, the failed screen says why and still lists what was ordered", async () => {
    const api = await useMockApi({ orderStatuses: ["pending_payment", "failed"] });
    const el = mount() as AdmitTickets;
    await reserve(el, "Standard", 2);
    await pay(el);
    await inState(el, "failed");
    const status = deepAll(el, "admit-order-status")[0]!;
    await until(() => status.shadowRoot!.querySelector("[part=lines]"), "the order's lines");
    api.state.problems.retryPayment = "provider_unavailable";
    byRole(el, "button", "Try again").click();
    await until(
      () => el.state.name === "failed" && el.state.problem === "provider_unavailable",
      "the refused retry",
    );
    // Paying again replaced the screen's element: read the one on screen now.
    const again = () => deepAll(el, "admit-order-status")[0]!.shadowRoot!;
    await until(() => again().querySelector("[part=lines]"), "the lines again");
    expect(texts(again(), "[part=lines] li")).to.deep.equal(["2 × Standard €90.00"]);
    expect(texts(again(), "[part=message]")[0]).to.contain("The payment service did not answer");
    expect(api.requests("getReceipt")).to.have.length(2);
  });
});
