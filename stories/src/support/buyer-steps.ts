import type { AdmitTickets } from "@admit/widget";
import { expect, userEvent } from "storybook/test";
import { chooseSeats, shadowScreen, waitForState } from "./widget-screen.js";

/** Chooses two Standard seats (€90.00 at the fixtures' prices) and presses "Reserve". */
export async function reserveTwoStandard(widget: AdmitTickets): Promise<void> {
  await waitForState(widget, "ready");
  await chooseSeats(widget, "Standard", 2);
  await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Reserve" }));
}

/** Chooses `quantity` seats of the tier named `tierName`, presses "Reserve" and waits until they are held. */
export async function holdSeats(
  widget: AdmitTickets,
  tierName: string,
  quantity: number,
): Promise<void> {
  await chooseSeats(widget, tierName, quantity);
  await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Reserve" }));
  await waitForState(widget, "held");
}

/** Fills the buyer form of a `held` widget and presses "Pay €90.00". */
export async function payAsBuyer(widget: AdmitTickets): Promise<void> {
  await waitForState(widget, "held");
  const screen = shadowScreen(widget);
  await userEvent.type(await screen.findByLabelText("Name"), "Ada Lovelace");
  await userEvent.type(await screen.findByLabelText("Email"), "ada@example.com");
  const pay = screen.getByRole("button", { name: "Pay €90.00" });
  await expect(pay).toBeEnabled();
  await userEvent.click(pay);
}

/**
 * Plays the host page that opens the payment page itself: cancels the widget's documented,
 * cancelable `admit-checkout` event, so the widget stays and confirms by polling. Stories use
 * it so the Storybook frame never navigates to the (fictional) payment provider.
 */
export function openPaymentPageAsHost(widget: AdmitTickets): void {
  widget.addEventListener("admit-checkout", (event) => event.preventDefault());
}
