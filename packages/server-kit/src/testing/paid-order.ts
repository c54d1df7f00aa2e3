import { expect } from "vitest";
import type { ApiAnswer, Harness, KitClient } from "./test-harness.js";

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
  await h.choose(checkout.body.paymentUrl, "pay");
  const paid = await c.pollOrder(
    checkout.body.order.id,
    checkout.body.orderToken,
    (s) => s === "paid",
  );
  expect(paid.body.status).toBe("paid");
  return { checkout, paid };
}
