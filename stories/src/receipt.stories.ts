import type { AdmitTickets } from "@admit/widget";
import { html } from "lit";
import { expect, waitFor } from "storybook/test";
import preview from "../.storybook/preview.js";
import { returnFromPayment } from "./support/mock-scenario.js";
import { longNamesEvent } from "./support/story-events.js";
import { WIDGET_META, type WidgetArgs } from "./support/widget-args.js";
import { shadowScreen, waitForState, widgetIn, widgetText } from "./support/widget-screen.js";

/**
 * The receipt after paying (issue 18) and the failed screen (issue 15): each starts the real
 * way, an order bought through the contract and the buyer back from the payment page; the
 * receipt is read from the mock's `GET /orders/:orderId/receipt`.
 */
const meta = preview.type<{ args: WidgetArgs }>().meta({
  title: "admit-tickets/Receipt",
  ...WIDGET_META,
});

/** Two Standard seats and one VIP seat. */
const THREE_SEATS = [
  { tierId: "standard", quantity: 2 },
  { tierId: "vip", quantity: 1 },
];

/** The receipt element, once it shows the receipt read from the server. */
async function receiptIn(widget: AdmitTickets): Promise<ShadowRoot> {
  await waitForState(widget, "paid");
  const status = widget.shadowRoot!.querySelector("admit-order-status")!;
  let root: ShadowRoot | undefined;
  await waitFor(() => {
    root = status.shadowRoot?.querySelector("admit-order-receipt")?.shadowRoot ?? undefined;
    return expect(root?.querySelector("[part=receipt-event]")).toBeTruthy();
  });
  return root!;
}

/** Waits until every valid ticket's QR code is drawn. */
async function qrCodesDrawn(root: ShadowRoot, count: number): Promise<void> {
  await waitFor(() =>
    expect(
      [...root.querySelectorAll("admit-ticket-qr")].filter((qr) =>
        qr.shadowRoot?.querySelector("svg"),
      ),
    ).toHaveLength(count),
  );
}

/**
 * Paid: the event, the order number, what was bought, the total, where the confirmation went,
 * three tickets with QR codes and codes in groups of four, and the downloads (PDF, calendar,
 * Apple Wallet: this host configured it).
 */
export const SeveralTickets = meta.story({
  name: "Paid, several tickets",
  beforeEach: returnFromPayment(
    ["paid"],
    { sendsConfirmationEmail: true, wallet: true },
    THREE_SEATS,
  ),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    const root = await receiptIn(widget);
    await qrCodesDrawn(root, 3);
    const text = widgetText(widget);
    await expect(text).toContain("Spring Gala 2027");
    await expect(text).toContain("Total paid €210.00");
    await expect(text).toContain("A confirmation was sent to ada@example.com.");
    await expect(text).toMatch(/Order number [A-Z0-9]{3}-[A-Z0-9]{4}/);
    await expect(text).toMatch(/Ticket code ?: [A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{2}/);
    const screen = shadowScreen(widget);
    for (const name of ["Download tickets (PDF)", "Add to calendar (.ics)", "Add to Apple Wallet"])
      await expect(screen.getByRole("link", { name })).toBeVisible();
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(innerWidth);
  },
});

/**
 * Partially refunded: the organizer refunded one ticket. It is listed as void, without a QR
 * code; the others stay valid, and the receipt says how much was refunded.
 */
export const RefundedTicket = meta.story({
  name: "Paid, one ticket refunded (void)",
  beforeEach: returnFromPayment(["partially_refunded"], {}, THREE_SEATS),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    const root = await receiptIn(widget);
    await qrCodesDrawn(root, 2);
    const voided = root.querySelectorAll(".void");
    await expect(voided).toHaveLength(1);
    await expect(voided[0]!.querySelector("admit-ticket-qr")).toBeNull();
    await expect(widgetText(widget)).toContain("Void: this ticket was refunded");
    await expect(widgetText(widget)).toMatch(/Refunded €(45|120)\.00/);
  },
});

/** Names of the event, the venue, the tiers and the attendee far longer than planned for. */
export const LongNames = meta.story({
  name: "Paid, long names (narrow)",
  tags: ["narrow"],
  args: { event: longNamesEvent.id },
  globals: { viewport: { value: "mobile1", isRotated: false } },
  beforeEach: returnFromPayment(["paid"], { event: longNamesEvent }, THREE_SEATS),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    const root = await receiptIn(widget);
    await qrCodesDrawn(root, 3);
    await expect(widgetText(widget)).toContain("Patrons' Circle");
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(innerWidth);
  },
});

/** `locale="de"`: the receipt in German, the date as Germans write it, in the event's zone. */
export const German = meta.story({
  name: "Paid, German",
  args: { locale: "de" },
  beforeEach: returnFromPayment(["paid"], { sendsConfirmationEmail: true }, THREE_SEATS),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    const root = await receiptIn(widget);
    await qrCodesDrawn(root, 3);
    await waitFor(() => expect(widgetText(widget)).toContain("Bestellnummer"));
    const text = widgetText(widget);
    await expect(text).toContain("21. Mai 2027, 20:00");
    await expect(text).toContain("Bezahlt 210,00 €");
    await expect(text).toContain("Eine Bestätigung wurde an ada@example.com gesendet.");
    await expect(
      shadowScreen(widget).getByRole("link", { name: "Tickets herunterladen (PDF)" }),
    ).toBeVisible();
  },
});

/**
 * Dark mode (the buyer's system): the receipt in the dark theme's colors; the QR codes stay
 * black on white, as scanners need.
 */
export const Dark = meta.story({
  name: "Paid, dark",
  tags: ["dark-scheme"],
  decorators: [
    (story) => html`<div style="background: Canvas; color-scheme: light dark; padding: 1rem">
      ${story()}
    </div>`,
  ],
  beforeEach: returnFromPayment(["partially_refunded"], { wallet: true }, THREE_SEATS),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    const root = await receiptIn(widget);
    await qrCodesDrawn(root, 2);
    const svg = root.querySelector("admit-ticket-qr")!.shadowRoot!.querySelector("svg")!;
    await expect(svg.querySelector("rect")!.getAttribute("fill")).toBe("#fff");
  },
});

/**
 * Failed (cancelled at the payment page, or not accepted): what was ordered, that the seats are
 * still held and until when, and Try again.
 */
export const FailedSeatsHeld = meta.story({
  name: "Failed, seats still held",
  beforeEach: returnFromPayment(["failed"], {}, THREE_SEATS),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "failed");
    await waitFor(() => expect(widgetText(widget)).toContain("1 × VIP €120.00"));
    const text = widgetText(widget);
    await expect(text).toContain("Your order 2 × Standard €90.00");
    await expect(text).toMatch(/seats are still held for \d+ minutes? \(until/);
    await expect(shadowScreen(widget).getByRole("button", { name: "Try again" })).toBeEnabled();
  },
});

/** Failed after the seats went back: what was ordered, that they were released, no Try again. */
export const FailedSeatsReleased = meta.story({
  name: "Failed, seats no longer held",
  beforeEach: returnFromPayment(["failed"], { failedSeatsReleased: true }, THREE_SEATS),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "failed");
    await waitFor(() => expect(widgetText(widget)).toContain("1 × VIP €120.00"));
    await expect(widgetText(widget)).toContain("The seats were released.");
    await expect(shadowScreen(widget).queryByRole("button", { name: "Try again" })).toBeNull();
    await expect(
      shadowScreen(widget).getByRole("button", { name: "Choose tickets again" }),
    ).toBeVisible();
  },
});
