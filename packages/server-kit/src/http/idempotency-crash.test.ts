import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CrashRig, createCrashRig, mountedRequest } from "../testing/crash-kit.js";
import { createEventDirect, kitRequest } from "../testing/kit-request.js";

describe("a host killed mid-checkout (SIGKILL) leaves nothing leased", () => {
  let rig: CrashRig;
  beforeAll(async () => {
    // The first POST to the provider is the payment checkout asks for.
    rig = await createCrashRig({ stall: (method) => method === "POST" });
  });
  afterAll(() => rig?.close());

  test("the retry with the same Idempotency-Key is answered within 5 s and the order is not lost", async () => {
    const { admit, proxy, db } = rig;
    await createEventDirect(admit, "crash", { capacity: 10 });
    const hold = await kitRequest(admit, "POST", "/holds", {
      body: { eventId: "crash", items: [{ tierId: "ga", quantity: 2 }] },
      ip: "192.0.2.90",
    });
    expect(hold.status).toBe(201);
    const { child, url } = await rig.startHost();
    console.info(`host at ${url}`);
    const key = "checkout-crash-1";
    const checkoutBody = {
      buyer: { name: "Ada", email: "ada@example.com" },
      returnUrl: "https://shop.example/thanks",
    };
    const first = fetch(`${url}/holds/${hold.body.id}/checkout`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${hold.body.token}`,
        "idempotency-key": key,
      },
      body: JSON.stringify(checkoutBody),
    }).then(
      async (answer) => `${answer.status} ${await answer.text()}`,
      () => "no answer",
    );
    // The host has claimed the key, created the order and is waiting for the provider.
    const arrived = await Promise.race([proxy.stalled.then(() => "arrived"), first]);
    expect(arrived).toBe("arrived");
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await first).toBe("no answer");

    const killedAt = Date.now();
    let retry = await mountedRequest(admit, `/holds/${hold.body.id}/checkout`, {
      body: checkoutBody,
      token: hold.body.token,
      key,
    });
    // PostgreSQL may take a moment to notice the dropped connection; a client retries then.
    while (retry.status === 409 && retry.body.code === "idempotency_in_progress") {
      if (Date.now() - killedAt > 5_000) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
      retry = await mountedRequest(admit, `/holds/${hold.body.id}/checkout`, {
        body: checkoutBody,
        token: hold.body.token,
        key,
      });
    }
    const answeredAfter = Date.now() - killedAt;
    console.info(`crash retry answered ${retry.status} after ${answeredAfter} ms`);
    expect(retry.status).toBe(201);
    expect(answeredAfter).toBeLessThan(5_000);
    const order = await kitRequest(admit, "GET", `/orders/${retry.body.order.id}`, {
      token: retry.body.orderToken,
    });
    expect(order.body.status).toBe("pending_payment");
    // Exactly one order for the hold, and the replay of the same key answers the same order.
    const orders = await db.store.query("select id from admit_orders where hold_id = $1", [
      hold.body.id,
    ]);
    expect(orders).toEqual([{ id: retry.body.order.id }]);
    const replay = await mountedRequest(admit, `/holds/${hold.body.id}/checkout`, {
      body: checkoutBody,
      token: hold.body.token,
      key,
    });
    expect(replay.body.order.id).toBe(retry.body.order.id);
  }, 30_000);
});
