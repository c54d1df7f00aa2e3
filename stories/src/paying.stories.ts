import { html } from "lit";
import { delay, http } from "msw";
import { expect, userEvent, waitFor } from "storybook/test";
import { MOCK_API } from "../../test/mocks/fixtures.js";
import preview from "../.storybook/preview.js";
import { openPaymentPageAsHost, payAsBuyer, reserveTwoStandard } from "./support/buyer-steps.js";
import { mockApi, returnFromPayment } from "./support/mock-scenario.js";
import { renderWidget, WIDGET_META, type WidgetArgs } from "./support/widget-args.js";
import { shadowScreen, waitForState, widgetIn, widgetText } from "./support/widget-screen.js";

/**
 * Paying: `checking-out`, `redirecting`, and, back from the payment page, `confirming` and
 * every outcome the server can report. Outcome stories start the real way: an order bought
 * through the contract, its token in the widget's session, `admit_order` in the URL.
 */
const meta = preview.type<{ args: WidgetArgs }>().meta({
  title: "admit-tickets/Paying",
  ...WIDGET_META,
});

/** `checking-out`: "Pay" was pressed; the order and payment request are being created. */
export const CheckingOut = meta.story({
  beforeEach: mockApi(
    {},
    http.post(`${MOCK_API}/holds/:holdId/checkout`, () => delay("infinite")),
  ),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await reserveTwoStandard(widget);
    await payAsBuyer(widget);
    await waitForState(widget, "checking-out");
    await expect(shadowScreen(widget).getByRole("button", { name: "Pay €90.00" })).toBeDisabled();
  },
});

/**
 * `redirecting`: the order exists and the widget sends the buyer to the payment page. Here the
 * mock's payment page is a fragment of this very page, so the frame stays put.
 */
export const Redirecting = meta.story({
  beforeEach: mockApi({ paymentUrl: () => `${location.href.split("#")[0]}#admit-payment-page` }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await reserveTwoStandard(widget);
    await payAsBuyer(widget);
    await waitForState(widget, "redirecting");
    await expect(widgetText(widget)).toContain("Taking you to the secure payment page…");
    await expect(
      shadowScreen(widget).getByRole("link", { name: "Continue to payment" }),
    ).toBeVisible();
  },
});

/** The whole purchase: reserve, fill the form, pay; the server confirms and tickets appear. */
export const PayAndGetTickets = meta.story({
  name: "Pay and get tickets",
  beforeEach: mockApi({ orderStatuses: ["pending_payment", "paid"] }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    openPaymentPageAsHost(widget);
    await reserveTwoStandard(widget);
    await payAsBuyer(widget);
    await waitForState(widget, "paid");
    await expect(widgetText(widget)).toContain("Payment received. Thank you for your order.");
    await expect(shadowScreen(widget).queryAllByRole("list").length).toBeGreaterThan(0);
  },
});

/** `confirming`: back from the payment page, the server has not seen the payment yet. */
export const Confirming = meta.story({
  beforeEach: returnFromPayment(["pending_payment"], { nextPollMs: 5_000 }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "confirming");
    await expect(
      shadowScreen(widget).getByRole("progressbar", { name: "Confirming payment" }),
    ).toBeVisible();
  },
});

/** `paid`: the server confirmed the payment; the receipt, one ticket per seat (see Receipt). */
export const Paid = meta.story({
  name: "Paid with tickets",
  beforeEach: returnFromPayment(["paid"]),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "paid");
    const screen = shadowScreen(widget);
    await waitFor(() =>
      expect(screen.queryAllByRole("img", { name: /^QR code of ticket / })).toHaveLength(2),
    );
    await expect(widgetText(widget)).toMatch(/Ticket code ?: [A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{2}/);
  },
});

/**
 * Back from the payment page with the widget far down the host page (1,100 px of content
 * above it): the result is scrolled into view and its message has the focus, so the buyer
 * sees and hears it without scrolling or tabbing.
 */
export const BackFarDown = meta.story({
  name: "Back from payment, far down the page",
  beforeEach: returnFromPayment(["pending_payment", "paid"]),
  render: (args) =>
    html`<div style="height: 1100px">The organizer's page above the tickets</div>${renderWidget(args)}`,
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "paid");
    const status = widget.shadowRoot!.querySelector("admit-order-status")!;
    const message = status.shadowRoot!.querySelector("[part=message]")!;
    await waitFor(() => expect(status.shadowRoot!.activeElement).toBe(message));
    const box = message.getBoundingClientRect();
    await expect(box.top).toBeGreaterThanOrEqual(0);
    await expect(box.bottom).toBeLessThanOrEqual(innerHeight);
  },
});

/**
 * `failed`: the buyer cancelled at the payment page or the provider declined; nothing was
 * charged, the seats are still held (for how long, until when) and the buyer can pay again.
 */
export const Failed = meta.story({
  beforeEach: returnFromPayment(["failed"]),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "failed");
    await expect(widgetText(widget)).toContain("The payment was not completed");
    await expect(widgetText(widget)).toMatch(/seats are still held for \d+ minutes? \(until/);
    await expect(widgetText(widget)).toContain("Order total:");
    await expect(shadowScreen(widget).getByRole("button", { name: "Try again" })).toBeEnabled();
  },
});

/** A new payment attempt on the same order after `failed` ends in `paid`. */
export const FailedThenPaid = meta.story({
  name: "Failed, then paid on retry",
  beforeEach: returnFromPayment(["failed"]),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    openPaymentPageAsHost(widget);
    await waitForState(widget, "failed");
    await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Try again" }));
    await waitForState(widget, "paid");
  },
});

/** `expired`: the time to pay ran out; the seats went back. */
export const Expired = meta.story({
  beforeEach: returnFromPayment(["expired"]),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "expired");
    await expect(widgetText(widget)).toContain("The time to pay has run out");
  },
});

/** `cancelled`: the organizer cancelled the order. */
export const Cancelled = meta.story({
  beforeEach: returnFromPayment(["cancelled"]),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "cancelled");
    await expect(widgetText(widget)).toContain("This order was cancelled.");
  },
});

/** `manual-review`: paid, but the organizer must check it; nothing is charged twice. */
export const ManualReview = meta.story({
  beforeEach: returnFromPayment(["manual_review"]),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "manual-review");
    await expect(widgetText(widget)).toContain("You will not be charged twice");
  },
});
