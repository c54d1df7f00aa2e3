import type { Locator, Page } from "playwright-core";

/** What a buyer types into the widget's form. */
export interface BuyerDetails {
  name: string;
  email: string;
}

/** The widget's English texts the suite waits for (packages/widget/src/locales/en.ts). */
export const WIDGET_TEXT = {
  paid: "Payment received. Thank you for your order.",
  failed:
    "The payment was not completed: cancelled at the payment page, or not accepted. Nothing was charged.",
  expired: "The time to pay has run out and the seats were released. Nothing was charged.",
  confirming: "Confirming your payment. This page updates by itself.",
  soldOut: "Not enough seats are left. Choose fewer tickets or join the waitlist.",
} as const;

/**
 * The widget's on-screen message with `text`. The polite live region repeats status messages
 * for screen readers, so it is left out to keep the locator to one element.
 */
export function widgetMessage(page: Page, text: string): Locator {
  return page.getByText(text).and(page.locator(":not([role=status])"));
}

/**
 * Chooses `quantity` seats of the tier named `tierName` and presses Reserve, then waits for the
 * buyer form that a held reservation shows.
 */
export async function reserve(page: Page, tierName: string, quantity: number): Promise<void> {
  await chooseQuantity(page, tierName, quantity);
  await page.getByRole("button", { name: "Reserve" }).click();
  await page.getByLabel("Name", { exact: true }).waitFor();
}

/**
 * Types a quantity into a tier's spinbutton (its accessible name contains the tier's name) and
 * leaves the field with Tab, as a keyboard user does; the widget takes the value on `change`.
 */
export async function chooseQuantity(
  page: Page,
  tierName: string,
  quantity: number,
): Promise<void> {
  const spinbutton = page.getByRole("spinbutton", { name: tierName });
  await spinbutton.fill(String(quantity));
  await spinbutton.press("Tab");
}

/** Fills Name and Email, presses "Pay …" and waits for the sandbox's hosted payment page. */
export async function checkout(page: Page, buyer: BuyerDetails): Promise<void> {
  await page.getByLabel("Name", { exact: true }).fill(buyer.name);
  await page.getByLabel("Email", { exact: true }).fill(buyer.email);
  await page.getByRole("button", { name: /^Pay\b/ }).click();
  await page.waitForURL(/\/sandbox\/pay\//);
}

/**
 * Presses one of the sandbox page's buttons and waits until the buyer is back on the
 * organizer's page, which the kit's return route loads with `admit_order=<id>`.
 *
 * @returns the order id of that return
 */
export async function choosePaymentOutcome(
  page: Page,
  choice: "Pay" | "Decline" | "Cancel",
): Promise<string> {
  return returnedOrderId(page, () =>
    page.getByRole("button", { name: choice, exact: true }).click(),
  );
}

/**
 * Runs `action` and resolves with the `admit_order` of the organizer's page it leads to. Read
 * from the navigation itself, because the widget tidies the parameter out of the address bar.
 */
export async function returnedOrderId(page: Page, action: () => Promise<unknown>): Promise<string> {
  const landing = page.waitForRequest(
    (request) =>
      request.isNavigationRequest() && new URL(request.url()).searchParams.has("admit_order"),
  );
  await action();
  const id = new URL((await landing).url()).searchParams.get("admit_order")!;
  await page.waitForLoadState();
  return id;
}
