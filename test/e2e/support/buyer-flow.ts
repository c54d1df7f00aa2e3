import type { Page } from "playwright-core";

/** What a buyer types into the widget's form. */
export interface BuyerDetails {
  name: string;
  email: string;
}

/** The widget's English texts the suite waits for (packages/widget/src/locales/en.ts). */
export const WIDGET_TEXT = {
  paid: "Payment received. Your tickets:",
  failed: "The payment did not go through. Nothing was charged. You can try again.",
  expired: "The time to pay has run out and the seats were released. Nothing was charged.",
  confirming: "Confirming your payment. This page updates by itself.",
  soldOut: "Not enough seats are left. Choose fewer tickets or join the waitlist.",
} as const;

/**
 * Chooses `quantity` seats of the tier named `tierName` and presses Reserve, then waits for the
 * buyer form that a held reservation shows.
 */
export async function reserve(page: Page, tierName: string, quantity: number): Promise<void> {
  await chooseQuantity(page, tierName, quantity);
  await page.getByRole("button", { name: "Reserve" }).click();
  await page.getByLabel("Name", { exact: true }).waitFor();
}

/** Sets the quantity spinbutton of a tier (its accessible name contains the tier's name). */
export async function chooseQuantity(
  page: Page,
  tierName: string,
  quantity: number,
): Promise<void> {
  await page.getByRole("spinbutton", { name: tierName }).fill(String(quantity));
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
 * organizer's page with `admit_order` in the URL.
 */
export async function choosePaymentOutcome(
  page: Page,
  choice: "Pay" | "Decline" | "Cancel",
): Promise<string> {
  await page.getByRole("button", { name: choice, exact: true }).click();
  await page.waitForURL((url) => url.searchParams.has("admit_order"));
  return orderIdInUrl(page);
}

/** The order id the kit's return route put into the page URL. */
export function orderIdInUrl(page: Page): string {
  const id = new URL(page.url()).searchParams.get("admit_order");
  if (!id) throw new Error(`no admit_order in ${page.url()}`);
  return id;
}
