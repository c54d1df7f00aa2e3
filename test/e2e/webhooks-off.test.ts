import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkout,
  choosePaymentOutcome,
  reserve,
  WIDGET_TEXT,
  widgetMessage,
} from "./support/buyer-flow.js";
import { launchChromium, newBuyerContext } from "./support/chromium.js";
import { E2E_RUNS, type E2eDemo, eur, putE2eEvent, startE2eDemo } from "./support/e2e-demo.js";

const EVENT = "no-webhooks";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(E2E_RUNS)(
  "sandbox webhooks switched off on $framework with $database",
  ({ framework, database }) => {
    let demo: E2eDemo;
    beforeAll(async () => {
      demo = await startE2eDemo({
        framework,
        database,
        sandboxWebhooks: false,
        // The kit looks a pending payment up once it is this old; short, to keep the suite fast.
        lookupAfterMs: 500,
      });
      await putE2eEvent(demo, EVENT, [
        { id: "floor", name: "Floor", price: eur(3000), capacity: 10 },
      ]);
    });
    afterAll(async () => {
      await demo?.close();
    });

    it("the buyer still sees paid: the widget's polling makes the kit look the payment up at the provider", async () => {
      const context = await newBuyerContext(browser);
      try {
        const page = await context.newPage();
        await page.goto(demo.pageUrl(EVENT));
        await reserve(page, "Floor", 1);
        await checkout(page, { name: "Lin Lookup", email: "lin@example.com" });
        const orderId = await choosePaymentOutcome(page, "Pay");
        await widgetMessage(page, WIDGET_TEXT.paid).waitFor();

        const order = await demo.adminApi.getAdminOrder(orderId);
        expect(order.status).toBe("paid");
        const timeline = await demo.adminApi.getTimeline(orderId);
        // Control against a webhook sneaking through: the status lookup is the actor, not the provider.
        const paid = timeline.items.filter((entry) => entry.type === "order.paid");
        expect(paid.map((entry) => entry.actor)).toEqual([{ system: "lookup:sandbox" }]);
        for (const ticket of order.tickets) await page.getByText(ticket.code).waitFor();
      } finally {
        await context.close();
      }
    });
  },
);
