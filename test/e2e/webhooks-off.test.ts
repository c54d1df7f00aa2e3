import { expect, it } from "vitest";
import {
  checkout,
  choosePaymentOutcome,
  reserve,
  WIDGET_TEXT,
  widgetMessage,
} from "./support/buyer-flow.js";
import { newBuyerContext } from "./support/chromium.js";
import { describeEachDemo } from "./support/describe-each-demo.js";
import { eur, putE2eEvent } from "./support/e2e-demo.js";

const EVENT = "no-webhooks";

describeEachDemo(
  "sandbox webhooks switched off",
  {
    demo: {
      sandboxWebhooks: false,
      // The kit looks a pending payment up once it is this old; short, to keep the suite fast.
      lookupAfterMs: 500,
    },
    setup: (demo) =>
      putE2eEvent(demo, EVENT, [{ id: "floor", name: "Floor", price: eur(3000), capacity: 10 }]),
  },
  (run) => {
    it("the buyer still sees paid: the widget's polling makes the kit look the payment up at the provider", async () => {
      const context = await newBuyerContext(run.browser);
      try {
        const page = await context.newPage();
        await page.goto(run.demo.pageUrl(EVENT));
        await reserve(page, "Floor", 1);
        await checkout(page, { name: "Lin Lookup", email: "lin@example.com" });
        const orderId = await choosePaymentOutcome(page, "Pay");
        await widgetMessage(page, WIDGET_TEXT.paid).waitFor();

        const order = await run.demo.adminApi.getAdminOrder(orderId);
        expect(order.status).toBe("paid");
        const timeline = await run.demo.adminApi.getTimeline(orderId);
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
