import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  checkout,
  choosePaymentOutcome,
  reserve,
  returnedOrderId,
  WIDGET_TEXT,
  widgetMessage,
} from "./support/buyer-flow.js";
import { launchChromium, newBuyerContext } from "./support/chromium.js";
import { E2E_RUNS, type E2eDemo, eur, putE2eEvent, startE2eDemo } from "./support/e2e-demo.js";

const EVENT = "outcomes";
const BUYER = { name: "Grace Hopper", email: "grace@example.com" };

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await newBuyerContext(browser);
});
afterEach(async () => {
  await context?.close();
});

describe.each(E2E_RUNS)(
  "payment outcomes on $framework with $database",
  ({ framework, database }) => {
    let demo: E2eDemo;
    beforeAll(async () => {
      demo = await startE2eDemo({ framework, database });
      await putE2eEvent(demo, EVENT, [
        { id: "general", name: "General admission", price: eur(2500), capacity: 50 },
      ]);
    });
    afterAll(async () => {
      await demo?.close();
    });

    it("a declined payment offers Try again on the same order, and paying then makes that order paid", async () => {
      const page = await context.newPage();
      await page.goto(demo.pageUrl(EVENT));
      await reserve(page, "General admission", 1);
      await checkout(page, BUYER);
      const orderId = await choosePaymentOutcome(page, "Decline");
      await widgetMessage(page, WIDGET_TEXT.failed).waitFor();
      expect((await demo.adminApi.getAdminOrder(orderId)).status).toBe("failed");

      await page.getByRole("button", { name: "Try again" }).click();
      await page.waitForURL(/\/sandbox\/pay\//);
      expect(await choosePaymentOutcome(page, "Pay")).toBe(orderId);
      await widgetMessage(page, WIDGET_TEXT.paid).waitFor();

      const order = await demo.adminApi.getAdminOrder(orderId);
      expect(order.status).toBe("paid");
      expect(order.payments.map((p) => p.status).sort()).toEqual(["captured", "failed"]);
      const orders = await demo.adminApi.listOrders({ eventId: EVENT, status: "paid" });
      expect(orders.items.filter((o) => o.buyer.email === BUYER.email)).toHaveLength(1);
    });

    it("Cancel on the payment page charges nothing and the widget offers to try again", async () => {
      const page = await context.newPage();
      await page.goto(demo.pageUrl(EVENT));
      await reserve(page, "General admission", 1);
      await checkout(page, BUYER);
      const orderId = await choosePaymentOutcome(page, "Cancel");
      await widgetMessage(page, WIDGET_TEXT.failed).waitFor();
      await page.getByRole("button", { name: "Try again" }).waitFor();

      const order = await demo.adminApi.getAdminOrder(orderId);
      expect(order.status).toBe("failed");
      expect(order.tickets).toEqual([]);
      expect(order.payments.map((p) => p.status)).toEqual(["failed"]);
    });
  },
);

// The sandbox refuses payment after the request's expiry, which is the hold's expiry, like a
// real provider configured with an expiry. So a buyer who lingers on the payment page cannot pay
// late through it: the honest end of this story is `expired`, with nothing charged. (A late
// payment that does arrive is the kit's webhook rule, tested in the server kit's suite.)
describe.each(E2E_RUNS)(
  "hold expiry on the payment page on $framework with $database",
  ({ framework, database }) => {
    const HOLD_TTL_MS = 4_000;
    let demo: E2eDemo;
    beforeAll(async () => {
      demo = await startE2eDemo({ framework, database, holdTtl: HOLD_TTL_MS });
      await putE2eEvent(demo, EVENT, [
        { id: "general", name: "General admission", price: eur(2500), capacity: 50 },
      ]);
    });
    afterAll(async () => {
      await demo?.close();
    });

    it("a hold that expires while the buyer is on the payment page cannot be paid, and the order ends expired with nothing charged", async () => {
      const page = await context.newPage();
      await page.goto(demo.pageUrl(EVENT));
      await reserve(page, "General admission", 1);
      await checkout(page, BUYER);
      const [pending] = (await demo.adminApi.listOrders({ eventId: EVENT })).items;
      const orderId = pending!.id;

      // Waits for the provider's own verdict in a second tab (no timer of the test's own), while
      // the buyer's tab still shows the Pay button it loaded in time.
      const probe = await context.newPage();
      await expect
        .poll(
          async () => {
            await probe.goto(page.url());
            return probe.getByText("This payment request expired.").count();
          },
          { timeout: HOLD_TTL_MS + 10_000, interval: 250 },
        )
        .toBe(1);

      await page.getByRole("button", { name: "Pay", exact: true }).click();
      await page.getByRole("alert").waitFor();
      const returned = await returnedOrderId(page, () =>
        page.getByRole("link", { name: "Back to the shop" }).click(),
      );
      expect(returned).toBe(orderId);
      await widgetMessage(page, WIDGET_TEXT.expired).waitFor();

      const order = await demo.adminApi.getAdminOrder(orderId);
      expect(order.status).toBe("expired");
      expect(order.tickets).toEqual([]);
      expect(order.payments.map((p) => p.status)).not.toContain("captured");
      const seats = await demo.publicApi.getEvent(EVENT);
      expect(seats.tiers[0]?.remaining).toBe(50);
    });
  },
);
