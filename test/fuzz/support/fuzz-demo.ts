import { randomBytes } from "node:crypto";
import { createPostgresStore } from "@admit/server-kit";
import { createDemo, type Demo, type DemoOptions } from "../../../demo/create-demo.js";
import { POSTGRES_URL } from "../../e2e/support/e2e-demo.js";
import type { FuzzTarget } from "./hostile-requests.js";

/** A demo under fuzz: its state can be snapshotted and a real purchase made through it. */
export interface FuzzDemo {
  demo: Demo;
  target: FuzzTarget;
  /** Everything a hostile request could have changed, as comparable data. */
  snapshot(): Promise<unknown>;
  /** Hold → checkout → sandbox Pay → `paid`; answers the order id. */
  purchase(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the demo (`npm start`'s code) on a free port, on in-memory PGlite or in a schema of
 * its own on PostgreSQL, with a pending and a paid order so admin routes meet real rows.
 */
export async function startFuzzDemo(
  options: { framework: "express" | "fastify"; database: "pglite" | "postgres" } & Pick<
    DemoOptions,
    "unsafeFailOn"
  >,
): Promise<FuzzDemo> {
  const schema =
    options.database === "postgres" ? `fuzz_${randomBytes(6).toString("hex")}` : undefined;
  const demo = await createDemo({
    port: 0,
    framework: options.framework,
    unsafeFailOn: options.unsafeFailOn,
    ...(schema ? { databaseUrl: POSTGRES_URL, databaseSchema: schema } : {}),
  });
  const port = Number(new URL(demo.url).port);
  const api = `http://127.0.0.1:${port}/admit`;
  const admin = { authorization: `Bearer ${demo.adminToken}` };
  const json = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${api}${path}`, init);
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    json(path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": crypto.randomUUID(),
        ...headers,
      },
      body: JSON.stringify(body),
    });

  async function checkout() {
    const hold = await post("/holds", {
      eventId: "demo",
      items: [{ tierId: "standing", quantity: 1 }],
    });
    return post(
      `/holds/${hold.id}/checkout`,
      { buyer: { name: "Ada Lovelace", email: "ada@example.com" }, returnUrl: `${demo.url}/` },
      { authorization: `Bearer ${hold.token}` },
    );
  }
  async function purchase(): Promise<string> {
    const started = await checkout();
    const page = new URL(started.paymentUrl.replace("//localhost:", "//127.0.0.1:"));
    const paid = await fetch(`${page.origin}${page.pathname.replace(/\/$/, "")}/pay`, {
      method: "POST",
      redirect: "manual",
    });
    if (paid.status >= 400) throw new Error(`sandbox pay: ${paid.status}`);
    for (let i = 0; i < 200; i++) {
      const order = await json(`/orders/${started.order.id}`, {
        headers: { authorization: `Bearer ${started.orderToken}` },
      });
      if (order.status === "paid") return started.order.id;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`order ${started.order.id} did not reach paid`);
  }

  const pending = await checkout();
  const paidId = await purchase();
  const paidOrder = await json(`/admin/orders/${paidId}`, { headers: admin });

  return {
    demo,
    target: {
      port,
      adminToken: demo.adminToken,
      webhookSecret: demo.sandboxWebhookSecret,
      orderIds: [pending.order.id, paidId],
      ticketIds: paidOrder.tickets.map((t: { id: string }) => t.id),
    },
    async snapshot() {
      const orders = (await json("/admin/orders?limit=1000", { headers: admin })).items as {
        id: string;
      }[];
      const details = [];
      for (const order of orders)
        details.push({
          order: await json(`/admin/orders/${order.id}`, { headers: admin }),
          timeline: await json(`/admin/orders/${order.id}/timeline`, { headers: admin }),
        });
      const state: Record<string, unknown> = {
        orders: details,
        event: await json("/events/demo"),
        reconciliation: await json("/admin/events/demo/reconciliation", { headers: admin }),
        waitlist: await json("/admin/waitlist?limit=1000", { headers: admin }),
      };
      if (schema) state.rows = await rowCounts(schema);
      return state;
    },
    purchase,
    async close() {
      await demo.close();
      if (schema) {
        const store = createPostgresStore({ connectionString: POSTGRES_URL });
        try {
          await store.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await store.close();
        }
      }
    },
  };
}

/** Rows per table of the kit (waitlist entries, events, holds… that the admin API does not list). */
async function rowCounts(schema: string): Promise<Record<string, number>> {
  const store = createPostgresStore({ connectionString: POSTGRES_URL, schema });
  try {
    const tables = await store.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = $1 order by table_name",
      [schema],
    );
    const counts: Record<string, number> = {};
    for (const { table_name: table } of tables) {
      // Refused requests may leave their idempotency key (answers below 500 are kept).
      if (table.includes("idempotency")) continue;
      const [row] = await store.query<{ n: string }>(
        `select count(*) as n from "${schema}"."${table}"`,
      );
      counts[table] = Number(row?.n);
    }
    return counts;
  } finally {
    await store.close();
  }
}
