import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdmitClient } from "@admit/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemo } from "../../demo/create-demo.js";
import { DEMO_EVENT_ID } from "../../demo/site/event-page.js";

// Started on one framework and restarted on the other: the data belongs to the kit, not to
// the framework, and a fresh on-disk PGlite is the slowest thing this suite could boot twice.
describe("restarting the demo", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "admit-demo-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps events, orders and the sandbox's payments, and seeds the demo event only once (Express, then Fastify)", async () => {
    const first = await createDemo({ port: 0, framework: "express", dataDir });
    const port = Number(new URL(first.url).port);
    let orderId: string;
    let orderToken: string;
    let paymentUrl: string;
    try {
      expect(first.seeded).toBe(true);
      const api = createAdmitClient({ baseUrl: `${first.url}/admit` });
      const hold = await api.createHold({
        eventId: DEMO_EVENT_ID,
        items: [{ tierId: "standing", quantity: 1 }],
      });
      const started = await api.checkout(hold.id, hold.token, {
        buyer: { name: "Rita Restart", email: "rita@example.com" },
        returnUrl: `${first.url}/`,
      });
      ({ orderToken, paymentUrl } = started);
      orderId = started.order.id;
    } finally {
      await first.close();
    }

    // The same port, so the payment URL handed out before the restart still points here.
    const second = await createDemo({ port, framework: "fastify", dataDir });
    try {
      expect(second.seeded).toBe(false);
      const api = createAdmitClient({ baseUrl: `${second.url}/admit` });
      const order = await api.getOrder(orderId, orderToken);
      expect(order.status).toBe("pending_payment");
      const payPage = await fetch(paymentUrl);
      expect(payPage.status).toBe(200);
      expect(await payPage.text()).toContain(">Pay</button>");
    } finally {
      await second.close();
    }
  });
});
