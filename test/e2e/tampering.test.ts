import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  checkout,
  choosePaymentOutcome,
  reserve,
  returnedOrderId,
  WIDGET_TEXT,
  widgetMessage,
} from "./support/buyer-flow.js";
import { newBuyerContext } from "./support/chromium.js";
import { describeEachDemo } from "./support/describe-each-demo.js";
import { eur, putE2eEvent } from "./support/e2e-demo.js";

const EVENT = "tamper";
const TIER = "Balcony";

/** Resolves once the widget has read the order `orderId` from the server (any answer). */
function orderAnswered(page: Page, orderId: string) {
  return page.waitForResponse(
    (response) => new URL(response.url()).pathname === `/admit/orders/${orderId}`,
  );
}

describeEachDemo(
  "what the browser says changes nothing",
  {
    setup: (demo) =>
      putE2eEvent(demo, EVENT, [{ id: "balcony", name: TIER, price: eur(4200), capacity: 20 }]),
  },
  (run) => {
    it("visiting the return URL of an unpaid order, with status=paid-style parameters, shows no confirmation and changes nothing", async () => {
      const context = await newBuyerContext(run.browser);
      try {
        const page = await context.newPage();
        await page.goto(run.demo.pageUrl(EVENT));
        await reserve(page, TIER, 1);
        await checkout(page, { name: "Mallory", email: "mallory@example.com" });
        const [pending] = (await run.demo.adminApi.listOrders({ eventId: EVENT })).items;
        const orderId = pending!.id;

        // Skips the payment page: straight to the kit's return route, with forged parameters.
        const answered = orderAnswered(page, orderId);
        const returned = await returnedOrderId(page, () =>
          page.goto(
            `${run.demo.url}/admit/return/${orderId}?status=paid&paid=true&admit_status=paid&payment_status=succeeded`,
          ),
        );
        expect(returned).toBe(orderId);
        expect((await (await answered).json()).status).toBe("pending_payment");
        await widgetMessage(page, WIDGET_TEXT.confirming).waitFor();

        // The page itself with forged parameters, as a buyer could type it.
        const again = orderAnswered(page, orderId);
        await page.goto(
          run.demo.pageUrl(EVENT, { admit_order: orderId, status: "paid", admit_status: "paid" }),
        );
        expect((await (await again).json()).status).toBe("pending_payment");
        await widgetMessage(page, WIDGET_TEXT.confirming).waitFor();

        expect(await widgetMessage(page, WIDGET_TEXT.paid).count()).toBe(0);
        const order = await run.demo.adminApi.getAdminOrder(orderId);
        expect(order.status).toBe("pending_payment");
        expect(order.tickets).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it("pasting another buyer's order id in a fresh browser shows nothing of that order", async () => {
      const owner = await newBuyerContext(run.browser);
      const stranger = await newBuyerContext(run.browser);
      try {
        const ownerPage = await owner.newPage();
        await ownerPage.goto(run.demo.pageUrl(EVENT));
        await reserve(ownerPage, TIER, 1);
        await checkout(ownerPage, { name: "Alice Owner", email: "alice@example.com" });
        const orderId = await choosePaymentOutcome(ownerPage, "Pay");
        await widgetMessage(ownerPage, WIDGET_TEXT.paid).waitFor();
        const [ticket] = (await run.demo.adminApi.getAdminOrder(orderId)).tickets;
        // Control: with the order's token, this very URL shows the ticket code.
        await ownerPage.goto(run.demo.pageUrl(EVENT, { admit_order: orderId }));
        await ownerPage.getByText(ticket!.code).waitFor();

        const page = await stranger.newPage();
        const orderRequests: string[] = [];
        page.on("response", (response) => {
          if (response.url().includes(`/orders/${orderId}`)) {
            orderRequests.push(`${response.status()} ${response.url()}`);
          }
        });
        await page.goto(run.demo.pageUrl(EVENT, { admit_order: orderId }));
        // The widget falls back to the tier list: a state it reaches only after deciding.
        await page.getByRole("spinbutton", { name: TIER }).waitFor();

        // getByText pierces the widget's shadow roots, as the control above shows.
        expect(await page.getByText(ticket!.code).count()).toBe(0);
        expect(await page.getByText("Alice Owner").count()).toBe(0);
        expect(await widgetMessage(page, WIDGET_TEXT.paid).count()).toBe(0);
        // Without the token nothing of the order can be read: either no request, or a 404.
        for (const request of orderRequests) expect(request).toMatch(/^404 /);
      } finally {
        await owner.close();
        await stranger.close();
      }
    });
  },
);
