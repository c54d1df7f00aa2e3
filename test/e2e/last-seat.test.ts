import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkout,
  choosePaymentOutcome,
  chooseQuantity,
  WIDGET_TEXT,
  widgetMessage,
} from "./support/buyer-flow.js";
import { launchChromium, newBuyerContext } from "./support/chromium.js";
import { type E2eDemo, eur, FRAMEWORKS, putE2eEvent, startE2eDemo } from "./support/e2e-demo.js";

const EVENT = "last-seat";
const CONTROL_EVENT = "two-seats";
const TIER = "Last seat";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Which screen a buyer ended on after pressing Reserve. */
async function outcomeOfReserve(page: Page): Promise<"held" | "sold_out"> {
  const held = page.getByLabel("Name", { exact: true });
  const refused = widgetMessage(page, WIDGET_TEXT.soldOut);
  try {
    await held.or(refused).first().waitFor();
  } catch (error) {
    // Say what the buyer saw instead, so a failure of the race names its cause.
    const shown = await page.getByRole("alert").allInnerTexts();
    throw new Error(`neither a hold nor "sold out" after Reserve; alerts: ${shown.join(" | ")}`, {
      cause: error,
    });
  }
  return (await held.count()) > 0 ? "held" : "sold_out";
}

// On the PostgreSQL server, where holds from separate connections really run concurrently.
describe.each(FRAMEWORKS)("the last seat on %s with PostgreSQL", (framework) => {
  let demo: E2eDemo;
  beforeAll(async () => {
    demo = await startE2eDemo({ framework, database: "postgres" });
    await putE2eEvent(demo, EVENT, [{ id: "solo", name: TIER, price: eur(9900), capacity: 1 }]);
  });
  afterAll(async () => {
    await demo?.close();
  });

  /** Two buyers on the page of `eventId`, both with one seat chosen, press Reserve together. */
  async function raceToReserve(eventId: string, contexts: BrowserContext[]) {
    const pages = await Promise.all(contexts.map((context) => context.newPage()));
    // Both see the seat as buyable before the race; otherwise the race would prove nothing.
    for (const page of pages) {
      await page.goto(demo.pageUrl(eventId));
      await chooseQuantity(page, TIER, 1);
    }
    await Promise.all(pages.map((page) => page.getByRole("button", { name: "Reserve" }).click()));
    return { pages, outcomes: await Promise.all(pages.map(outcomeOfReserve)) };
  }

  it("two buyers race for one seat: exactly one holds it and pays, the other is told it is sold out", async () => {
    const contexts = await Promise.all([newBuyerContext(browser), newBuyerContext(browser)]);
    try {
      const { pages, outcomes } = await raceToReserve(EVENT, contexts);
      expect([...outcomes].sort()).toEqual(["held", "sold_out"]);

      const winner = pages[outcomes.indexOf("held")]!;
      await checkout(winner, { name: "Win Ner", email: "winner@example.com" });
      const orderId = await choosePaymentOutcome(winner, "Pay");
      await widgetMessage(winner, WIDGET_TEXT.paid).waitFor();

      const paid = await demo.adminApi.listOrders({ eventId: EVENT });
      expect(paid.items.map((order) => [order.id, order.status])).toEqual([[orderId, "paid"]]);
      const event = await demo.publicApi.getEvent(EVENT);
      expect(event.tiers[0]).toMatchObject({ availability: "sold_out", remaining: 0 });
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  });

  it("control: with two seats the same race gives both buyers a seat, so a double hold would be seen", async () => {
    await putE2eEvent(demo, CONTROL_EVENT, [
      { id: "solo", name: TIER, price: eur(9900), capacity: 2 },
    ]);
    const contexts = await Promise.all([newBuyerContext(browser), newBuyerContext(browser)]);
    try {
      const { outcomes } = await raceToReserve(CONTROL_EVENT, contexts);
      expect(outcomes).toEqual(["held", "held"]);
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
  });
});
