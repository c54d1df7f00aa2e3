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

// The shop and the kit on different origins, as `www.example.com` and `tickets.example.com`
// would be: the demo's kit and sandbox answer as `localhost` (its printed address), and the
// buyer opens the shop page at `127.0.0.1`, the address it binds. After Pay the sandbox sends
// the buyer to the kit's return route, which redirects to the shop: a second origin that a
// CSP `form-action` on the sandbox page once blocked in Chromium (form-action governs the
// redirects after a form submission too), stranding the buyer on the payment page.
describeEachDemo("the way back to a shop on another origin,", {}, (run) => {
  it("a buyer on 127.0.0.1 who pays on the sandbox page at localhost lands back on the shop and sees the tickets", async () => {
    const kit = new URL(run.demo.url);
    expect(kit.hostname).toBe("localhost");
    const shop = new URL(run.demo.url);
    shop.hostname = "127.0.0.1";
    const context = await newBuyerContext(run.browser);
    try {
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      await page.goto(shop.href);
      await reserve(page, "Standing", 1);
      await checkout(page, { name: "Ada Lovelace", email: "ada@example.com" });
      expect(new URL(page.url()).origin, "the payment page is on the kit's origin").toBe(
        kit.origin,
      );

      const orderId = await choosePaymentOutcome(page, "Pay");
      await widgetMessage(page, WIDGET_TEXT.paid).waitFor();
      expect(new URL(page.url()).origin, "back on the shop's origin").toBe(shop.origin);
      expect(blocked).toEqual([]);
      expect((await run.demo.adminApi.getAdminOrder(orderId)).status).toBe("paid");
    } finally {
      await context.close();
    }
  });
});
