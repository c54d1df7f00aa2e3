// startBackgroundWork: the periodic pass a host used to write as
// `setInterval(() => admit.reconcilePending(), 60_000)`, which ended the process with an
// unhandled rejection the first time the database was unreachable.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPostgresStore } from "./store/postgres-store.js";
import type { Store } from "./store/store.js";
import { startTcpProxy, type TcpProxy } from "./testing/tcp-proxy.js";
import { type Harness, startHarness } from "./testing/test-harness.js";
import { TEST_DATABASE_URL } from "./testing/test-stores.js";

describe("background work while PostgreSQL is briefly unreachable", () => {
  const schema = `admit_test_${randomBytes(6).toString("hex")}`;
  const errors: unknown[] = [];
  let proxy: TcpProxy;
  let direct: Store;
  let h: Harness;
  beforeAll(async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.host = proxy.address;
    direct = createPostgresStore({ connectionString: TEST_DATABASE_URL, schema });
    // Webhooks off: only the background pass's provider lookup can find the payment.
    h = await startHarness({
      store: "pglite",
      webhooks: false,
      kit: {
        store: createPostgresStore({ connectionString: viaProxy.href, schema }),
        onError: (error) => errors.push(error),
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await direct?.query(`drop schema if exists ${schema} cascade`);
    await direct?.close();
  });

  const statusOf = async (id: string) =>
    (
      await direct.query<{ status: string }>("select status from admit_orders where id = $1", [id])
    )[0]?.status;

  test("errors go to onError, never to the process, and the passes resume when the database is back", async () => {
    const c = h.via.express;
    await c.createEvent("bg");
    const { checkout } = await c.buy("bg", [{ tierId: "ga", quantity: 1 }]);
    const orderId = checkout.body.order.id as string;
    await h.choose(checkout.body.paymentUrl, "pay");
    expect(await statusOf(orderId)).toBe("pending_payment");

    proxy.cut();
    // Control: the bare call rejects during the outage; in a setInterval nobody handles that.
    await expect(h.admit.reconcilePending()).rejects.toThrow();
    const stop = h.admit.startBackgroundWork({ every: 50 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const duringOutage = errors.length;
    expect(duringOutage).toBeGreaterThan(0);

    proxy.restore();
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== "paid"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await statusOf(orderId);
    }
    expect(status).toBe("paid");
    await stop();
    // Stopped: no pass runs any more.
    const after = errors.length;
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors.length).toBe(after);
    proxy.restore();
  });

  test("`every` must be a positive number of milliseconds", () => {
    expect(() => h.admit.startBackgroundWork({ every: 0 })).toThrow(/every/);
    expect(() => h.admit.startBackgroundWork({ every: Number.NaN })).toThrow(/every/);
  });
});
