import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SandboxPayment } from "../providers/sandbox/sandbox-payment.js";
import { type CrashRig, createCrashRig, mountedRequest } from "../testing/crash-kit.js";
import { createEventDirect, kitRequest } from "../testing/kit-request.js";

const ADMIN = "admin-secret";
const EUR = (amount: number) => ({ amount, currency: "EUR" });

/**
 * Admin refunds, cancellations and resolutions commit in steps around the provider call, so
 * their Idempotency-Key is leased rather than claimed in the work's transaction. The lease is
 * renewed while the work runs and lapses within seconds of a crash (it used to last 2 minutes).
 */
describe("an admin refund whose host is killed (SIGKILL) after the provider refunded", () => {
  let rig: CrashRig;
  beforeAll(async () => {
    // The refund reaches the provider, which makes it; its answer never reaches the host.
    rig = await createCrashRig({
      stall: (method, path) => method === "POST" && /\/refunds$/.test(path),
      forward: true,
    });
  });
  afterAll(() => rig?.close());

  /** A paid order of two tickets: bought, paid on the sandbox's page, confirmed by a lookup. */
  async function paidOrder(eventId: string) {
    const { admit } = rig;
    await createEventDirect(admit, eventId, { capacity: 10 });
    const hold = await kitRequest(admit, "POST", "/holds", {
      body: { eventId, items: [{ tierId: "ga", quantity: 2 }] },
      ip: "192.0.2.95",
    });
    const checkout = await kitRequest(admit, "POST", `/holds/${hold.body.id}/checkout`, {
      body: {
        buyer: { name: "Ada", email: "ada@example.com" },
        returnUrl: "https://shop.example/thanks",
      },
      token: hold.body.token,
    });
    expect(checkout.status).toBe(201);
    const page = new URL(checkout.body.paymentUrl);
    const paid = await fetch(`${page.origin}${page.pathname.replace(/\/$/, "")}/pay`, {
      method: "POST",
      redirect: "manual",
    });
    expect(paid.status).toBeLessThan(400);
    await admit.reconcilePending();
    const order = await kitRequest(admit, "GET", `/admin/orders/${checkout.body.order.id}`, {
      token: ADMIN,
    });
    expect(order.body.status).toBe("paid");
    return { id: order.body.id as string, reference: order.body.payments.at(-1).providerReference };
  }

  async function providerPayment(reference: string): Promise<SandboxPayment> {
    const answer = await fetch(`${rig.sandboxUrl}/api/payments/${reference}`, {
      headers: { authorization: "Bearer sk_crash" },
    });
    return (await answer.json()) as SandboxPayment;
  }

  test("the retry with the same key is answered within 5 s and the money goes back once", async () => {
    const { admit, proxy } = rig;
    const order = await paidOrder("admin-crash");
    const { child, url } = await rig.startHost();
    const key = "refund-crash-1";
    const body = { amount: EUR(1500), reason: "crash test" };
    const path = `/admin/orders/${order.id}/refunds`;
    const first = fetch(`${url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${ADMIN}`,
        "idempotency-key": key,
      },
      body: JSON.stringify(body),
    }).then(
      async (answer) => `${answer.status} ${await answer.text()}`,
      () => "no answer",
    );
    // The provider made the refund; the host waits for its answer, its key claimed.
    expect(await Promise.race([proxy.stalled.then(() => "refunded"), first])).toBe("refunded");
    expect((await providerPayment(order.reference)).amountRefunded).toEqual(EUR(1500));
    const retry = () => mountedRequest(admit, path, { body, token: ADMIN, key });
    // While the host lives its lease is renewed, however long the provider takes: past the
    // lease's length, a retry still answers that the first request is running.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const meanwhile = await retry();
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.code).toBe("idempotency_in_progress");
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await first).toBe("no answer");

    const killedAt = Date.now();
    let answer = await retry();
    // An admin client retries an answer of idempotency_in_progress after its Retry-After.
    while (answer.status === 409 && answer.body.code === "idempotency_in_progress") {
      if (Date.now() - killedAt > 5_000) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await retry();
    }
    const answeredAfter = Date.now() - killedAt;
    console.info(`admin refund retry answered ${answer.status} after ${answeredAfter} ms`);
    expect(answer.status).toBe(200);
    expect(answeredAfter).toBeLessThan(5_000);
    // One refund, at the provider and in the order: nothing lost, nothing returned twice.
    expect(answer.body).toMatchObject({ status: "partially_refunded", refunded: EUR(1500) });
    expect(answer.body.refunds).toMatchObject([{ amount: EUR(1500), status: "succeeded" }]);
    expect((await providerPayment(order.reference)).amountRefunded).toEqual(EUR(1500));
    const replay = await retry();
    expect(replay.status).toBe(200);
    expect(replay.body.refunds).toHaveLength(1);
  }, 40_000);
});
