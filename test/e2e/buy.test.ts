import { expect, it } from "vitest";
import { DEMO_EVENT_ID } from "../../demo/site/event-page.js";
import {
  checkout,
  choosePaymentOutcome,
  reserve,
  WIDGET_TEXT,
  widgetMessage,
} from "./support/buyer-flow.js";
import { newBuyerContext } from "./support/chromium.js";
import { describeEachDemo } from "./support/describe-each-demo.js";

describeEachDemo("npm start demo", {}, (run) => {
  it("a buyer who pays on the sandbox page sees the ticket codes, and the order is paid with the verified payment on its timeline", async () => {
    const context = await newBuyerContext(run.browser);
    try {
      const page = await context.newPage();
      await page.goto(run.demo.url);
      await reserve(page, "Standing", 2);
      await checkout(page, { name: "Ada Lovelace", email: "ada@example.com" });
      const orderId = await choosePaymentOutcome(page, "Pay");
      await widgetMessage(page, WIDGET_TEXT.paid).waitFor();

      const order = await run.demo.adminApi.getAdminOrder(orderId);
      expect(order.status).toBe("paid");
      expect(order.buyer).toEqual({ name: "Ada Lovelace", email: "ada@example.com" });
      expect(order.total).toEqual({ amount: 7000, currency: "EUR" });
      expect(order.tickets).toHaveLength(2);
      for (const ticket of order.tickets) await page.getByText(ticket.code).waitFor();

      // Paid by the sandbox's signed webhook, verified by the kit: the provider is the actor.
      const timeline = await run.demo.adminApi.getTimeline(orderId);
      const paid = timeline.items.filter((entry) => entry.type === "order.paid");
      expect(paid.map((entry) => entry.actor)).toEqual([{ system: "provider:sandbox" }]);
      const captured = timeline.items.filter((entry) => entry.type === "payment.captured");
      expect(captured.map((entry) => entry.actor)).toEqual([{ system: "provider:sandbox" }]);
    } finally {
      await context.close();
    }
  });

  it("seeds the demo event with a roomy tier, a nearly full one, a sold-out one with a waitlist and one not on sale yet", async () => {
    const event = await run.demo.publicApi.getEvent(DEMO_EVENT_ID);
    const byId = Object.fromEntries(event.tiers.map((tier) => [tier.id, tier]));
    expect(event.currency).toBe("EUR");
    expect(byId.standing?.availability).toBe("available");
    expect(byId["front-row"]?.availability).toBe("limited");
    expect(byId.backstage).toMatchObject({ availability: "sold_out", waitlist: true });
    expect(byId["late-jam"]?.availability).toBe("not_on_sale");
  });

  it("serves the page with CSP script-src 'self', the real widget bundle, and ?event= escaped", async () => {
    const hostile = `x"><script src="/evil.js"></script>`;
    const response = await fetch(`${run.demo.url}/?event=${encodeURIComponent(hostile)}`);
    const html = await response.text();
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(html).toContain('<script type="module" src="/admit.js"></script>');
    expect(html).not.toContain(hostile);
    expect(html).toContain('event="x&quot;&gt;&lt;script src=&quot;/evil.js&quot;&gt;');

    const bundle = await fetch(`${run.demo.url}/admit.js`);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect(await bundle.text()).toContain("admit-tickets");
    const traversal = await fetch(`${run.demo.url}/..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
  });
});
