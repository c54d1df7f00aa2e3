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

// The demo's whole journey to the inbox (issue 18): a buyer pays on the organizer's page, the
// kit renders the confirmation on `order.paid`, the demo sends it with nodemailer to its own SMTP
// server, and /mail shows it; its PDF link opens the tickets without any header.
describeEachDemo("the demo's confirmation e-mail", {}, (run) => {
  it("a paid order's e-mail arrives at /mail, rendered, and its PDF link downloads the tickets", async () => {
    const context = await newBuyerContext(run.browser);
    const page = await context.newPage();
    try {
      await page.goto(`${run.demo.url}/`);
      await page.getByRole("button", { name: "Reserve" }).waitFor();
      const before = await (await fetch(`${run.demo.url}/mail`)).text();
      expect(before).toContain("No mail yet");
      await reserve(page, "Standing", 2);
      await checkout(page, { name: "Ada Lovelace", email: "ada@example.com" });
      const orderId = await choosePaymentOutcome(page, "Pay");
      await widgetMessage(page, WIDGET_TEXT.paid).waitFor();

      // Delivery runs after commit, then SMTP: give it a moment.
      await expect
        .poll(() => run.demo.mailbox!.messages.length, { timeout: 10_000 })
        .toBeGreaterThan(0);
      await page.goto(`${run.demo.url}/mail`);
      const subject = page.getByRole("heading", { level: 2 }).first();
      await expect
        .poll(() => subject.textContent())
        .toMatch(/^Your tickets for .+ \(order [0-9A-Z]{4}-[0-9A-Z]{4}\)$/);
      expect(await page.locator(".meta").first().textContent()).toContain("ada@example.com");
      // The message's HTML is rendered in its frame: the greeting, two tickets, the PDF button.
      const mail = page.frameLocator("iframe").first();
      await mail.getByText("Hello Ada Lovelace,").waitFor();
      expect(await mail.locator("table").last().locator("tbody tr").count()).toBe(2);
      const pdfLink = await mail
        .getByRole("link", { name: "Download tickets (PDF)" })
        .getAttribute("href");
      expect(pdfLink).toContain(`/admit/orders/${orderId}/tickets.pdf?token=`);
      const pdf = await fetch(pdfLink!);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    } finally {
      await context.close();
    }
  });
});
