import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkout, choosePaymentOutcome, reserve } from "./support/buyer-flow.js";
import { launchChromium, newBuyerContext } from "./support/chromium.js";
import { type E2eDemo, startE2eDemo } from "./support/e2e-demo.js";

// The demo's organizer page as a buyer sees it on a phone and a laptop (issue #15, items 1, 3,
// 8 and 9): nothing wider than the screen, the site's look inside the widget, and the way back
// from the payment page ending at a visible result.
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;
/** Where screenshots go when ADMIT_SHOTS is set (to look at the layout by eye). */
const SHOTS = process.env.ADMIT_SHOTS;

let browser: Browser;
let demo: E2eDemo;
beforeAll(async () => {
  browser = await launchChromium();
  demo = await startE2eDemo({ framework: "express" });
});
afterAll(async () => {
  await demo?.close();
  await browser?.close();
});

async function openPage(viewport: (typeof VIEWPORTS)[number], query = ""): Promise<Page> {
  const context = await newBuyerContext(browser);
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${demo.url}/${query}`);
  await page.getByRole("button", { name: /^(Reserve|Reservieren)$/ }).waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe.each(VIEWPORTS)("the demo page at $width×$height", (viewport) => {
  it("fits the screen: no horizontal overflow, a round logo, the hero with date and lowest price", async () => {
    const page = await openPage(viewport);
    try {
      await page.locator("[data-event-facts]").waitFor();
      await shot(page, `page-${viewport.width}`);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: innerWidth,
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      const logo = await page.locator(".brand-mark").boundingBox();
      expect(logo!.width).toBeCloseTo(logo!.height, 0);
      const venue = await page.getByRole("link", { name: "Venue" }).boundingBox();
      expect(venue!.x + venue!.width).toBeLessThanOrEqual(viewport.width);
      const facts = await page.locator("[data-event-facts]").textContent();
      expect(facts).toMatch(/\d{4}/);
      expect(facts).toContain("from €35");
    } finally {
      await page.context().close();
    }
  });

  it("the widget takes the site's serif and amber focus ring, and does not repeat the hero's title", async () => {
    const page = await openPage(viewport);
    try {
      const tierFont = await page
        .getByText("Standing", { exact: true })
        .evaluate((el) => getComputedStyle(el).fontFamily);
      expect(tierFont).toMatch(/Georgia|Palatino|serif/);
      const plus = page.getByRole("button", { name: "One more Standing" });
      await plus.focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      const ring = await plus.evaluate((el) => getComputedStyle(el).outlineColor);
      expect(ring).toBe("rgb(242, 184, 75)");
      const title = await page.locator("admit-tickets").evaluate((el) => {
        const h2 = el.shadowRoot!.querySelector("h2")!;
        return { text: h2.textContent, width: h2.getBoundingClientRect().width };
      });
      expect(title.text).toBe("Harbourlight Jazz Nights");
      expect(title.width).toBeLessThanOrEqual(1);
    } finally {
      await page.context().close();
    }
  });

  it("a campaign link (?promo=JAZZ10) applies the demo's code at once, within the screen", async () => {
    const page = await openPage(viewport, "?promo=JAZZ10");
    try {
      const text = () =>
        page.locator("admit-tickets").evaluate((el) => {
          const parts: string[] = [];
          const visit = (root: ShadowRoot) => {
            parts.push(root.textContent ?? "");
            for (const node of root.querySelectorAll("*"))
              if (node.shadowRoot) visit(node.shadowRoot);
          };
          visit(el.shadowRoot!);
          return parts.join(" ");
        });
      await expect.poll(text, { timeout: 20_000 }).toContain("Code JAZZ10 applied: 10% off");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(viewport.width);
    } finally {
      await page.context().close();
    }
  });

  it("?lang=de shows the widget in German, tier rows within the screen", async () => {
    const page = await openPage(viewport, "?lang=de");
    try {
      await shot(page, `german-${viewport.width}`);
      const rows = await page.locator("admit-tickets").evaluate((el) => {
        const rows: { right: number; width: number; scroll: number }[] = [];
        const visit = (root: ShadowRoot) => {
          for (const node of root.querySelectorAll("*")) {
            if (node.getAttribute("part") === "tier") {
              const r = node.getBoundingClientRect();
              rows.push({ right: r.right, width: node.clientWidth, scroll: node.scrollWidth });
            }
            if (node.shadowRoot) visit(node.shadowRoot);
          }
        };
        visit(el.shadowRoot!);
        return rows;
      });
      expect(rows.length).toBeGreaterThan(2);
      for (const row of rows) {
        expect(row.right).toBeLessThanOrEqual(viewport.width);
        expect(row.scroll).toBeLessThanOrEqual(row.width);
      }
    } finally {
      await page.context().close();
    }
  });

  it("Cancel at the payment page comes back to a visible, focused result that says the seats are still held", async () => {
    const page = await openPage(viewport);
    try {
      await reserve(page, "Standing", 2);
      await shot(page, `held-${viewport.width}`);
      await checkout(page, { name: "Ada Lovelace", email: "ada@example.com" });
      // The sandbox page lists what is bought and says when the request expires, not in UTC.
      const sandbox = await page.locator("main").textContent();
      expect(sandbox).toContain("2 × Standing");
      expect(sandbox).toMatch(/expires in \d+ minutes/);
      expect(sandbox).not.toContain("UTC");
      await shot(page, `sandbox-${viewport.width}`);
      await choosePaymentOutcome(page, "Cancel");
      const message = page
        .getByText("The payment was not completed")
        .and(page.locator(":not([role=status])"));
      await message.waitFor();
      await page.waitForFunction(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.getAttribute("part") === "message";
      });
      // In view without the buyer scrolling (the site scrolls smoothly, so give it a moment).
      const inView = await message.evaluate(
        (el) =>
          new Promise<boolean>((resolve) => {
            const end = Date.now() + 3000;
            const check = () => {
              const r = el.getBoundingClientRect();
              if (r.top >= 0 && r.bottom <= innerHeight) resolve(true);
              else if (Date.now() > end) resolve(false);
              else requestAnimationFrame(check);
            };
            check();
          }),
      );
      expect(inView).toBe(true);
      await page.getByText(/still held for \d+ minutes/).waitFor();
      await shot(page, `back-${viewport.width}`);
    } finally {
      await page.context().close();
    }
  });
});
