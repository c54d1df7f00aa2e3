import { expect } from "vitest";
import type { ApiAnswer, Harness, KitClient } from "./test-harness.js";

/**
 * Pays a checkout's order on the sandbox's page, then polls as the buyer until it is `paid`
 * (checked). Answers the paid order's status.
 */
export async function payCheckout(
  h: Pick<Harness, "choose">,
  c: KitClient,
  checkout: ApiAnswer,
): Promise<ApiAnswer> {
  await h.choose(checkout.body.paymentUrl, "pay");
  const paid = await c.pollOrder(
    checkout.body.order.id,
    checkout.body.orderToken,
    (s) => s === "paid",
  );
  expect(paid.body.status).toBe("paid");
  return paid;
}

/**
 * An order bought through `c` and paid on the sandbox's page: hold, checkout, Pay, then the
 * buyer's poll until `paid` (checked). Answers the checkout and the paid order's status.
 */
export async function buyAndPay(
  h: Pick<Harness, "choose">,
  c: KitClient,
  eventId: string,
  items: { tierId: string; quantity: number }[],
  checkoutBody: Record<string, unknown> = {},
): Promise<{ checkout: ApiAnswer; paid: ApiAnswer }> {
  const { checkout } = await c.buy(eventId, items, checkoutBody);
  expect(checkout.status, checkout.text).toBe(201);
  return { checkout, paid: await payCheckout(h, c, checkout) };
}
