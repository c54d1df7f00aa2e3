import { createServer, type Server, type Socket } from "node:net";
import { createOpenApiDocument } from "@admit/client/openapi";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdmitOptions } from "../admit-options.js";
import { type Admit, createAdmit } from "../create-admit.js";
import { generateWebhookSecret } from "../providers/sandbox/generate-webhook-secret.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import { MIGRATIONS } from "../store/migrations.js";
import { createPostgresStore } from "../store/postgres-store.js";
import { createTestDatabase, STORE_KINDS, type TestDatabase } from "../testing/test-stores.js";

const SHOP = "https://shop.example";
const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

function kit(options: Partial<AdmitOptions> & Pick<AdmitOptions, "store">): Admit {
  return createAdmit({
    providers: [
      sandboxProvider({
        url: "http://127.0.0.1:9",
        apiKey: "sk_test",
        webhookSecret: generateWebhookSecret(),
      }),
    ],
    allowedOrigins: [SHOP],
    onError: () => {},
    ...options,
  });
}

async function get(
  admit: Admit,
  path: string,
  headers: Record<string, string> = {},
  clientIp = "203.0.113.9",
) {
  const response = await admit.handle(new Request(`http://kit.test/admit${path}`, { headers }), {
    clientIp,
    basePath: "/admit",
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** A port nothing listens on: PostgreSQL there refuses every connection. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("with the database unreachable (PostgreSQL on a closed port)", () => {
  let admit: Admit;
  beforeAll(async () => {
    const store = createPostgresStore({
      connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/test`,
    });
    admit = kit({ store });
  });
  afterAll(() => admit?.close());

  test("the database really is unreachable: a route that reads it fails", async () => {
    const answer = await get(admit, "/events/spring-gala");
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
  });

  test("GET /health answers 200 without touching the database", async () => {
    const answer = await get(admit, "/health");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "ok" });
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });

  test("GET /ready answers 503 not_ready as problem+json, without database details", async () => {
    const answer = await get(admit, "/ready");
    expect(answer.status).toBe(503);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(answer.body).toMatchObject({ code: "not_ready", status: 503 });
    expect(answer.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  test("GET /openapi.json is served without the database", async () => {
    const answer = await get(admit, "/openapi.json");
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toMatch(/^3\.1\./);
  });
});

describe("with a database that accepts connections but never answers", () => {
  let admit: Admit;
  let server: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket); // hold it open, say nothing
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    admit = kit({
      store: createPostgresStore({
        connectionString: `postgres://postgres@127.0.0.1:${port}/test`,
      }),
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await admit?.close();
  });

  test("GET /ready answers 503 after its 5 s wait instead of hanging the probe; /health answers at once", async () => {
    const started = Date.now();
    const ready = get(admit, "/ready");
    const health = await get(admit, "/health");
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await ready).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});

describe.each(STORE_KINDS)("readiness on %s", (storeKind) => {
  let db: TestDatabase;
  let admit: Admit;
  beforeAll(async () => {
    db = await createTestDatabase(storeKind);
    admit = kit({ store: db.store });
  });
  afterAll(async () => {
    await admit?.close();
    await db?.drop();
  });

  test("the first GET /ready runs the pending migrations and answers 200", async () => {
    const answer = await get(admit, "/ready");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "ready", schemaVersion: LATEST });
    const rows = await db.store.query<{ version: number }>("select version from admit_migrations");
    expect(rows.map((r) => Number(r.version)).sort((a, b) => a - b)).toEqual(
      MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
    );
  });

  test("a schema that fell behind the kit is reported, not remembered: 503 naming the migration", async () => {
    expect((await get(admit, "/ready")).status).toBe(200);
    await db.store.query("delete from admit_migrations where version = $1", [LATEST]);
    const answer = await get(admit, "/ready");
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: "not_ready", missingMigrations: [LATEST] });
    await admit.migrate(); // the kit migrated once already in this process: nothing reruns
    expect((await get(admit, "/ready")).status).toBe(503);
  });
});

describe("probes and the OpenAPI document through the mount", () => {
  let db: TestDatabase;
  let admit: Admit;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    admit = kit({ store: db.store, rateLimit: { requestsPerMinute: 2 } });
  });
  afterAll(async () => {
    await admit?.close();
    await db?.drop();
  });

  test("probes are never rate-limited and answer no CORS, while public routes are limited", async () => {
    for (let i = 0; i < 5; i++) {
      const health = await get(admit, "/health", { origin: SHOP });
      expect(health.status).toBe(200);
      expect(health.headers.get("access-control-allow-origin")).toBeNull();
      expect((await get(admit, "/ready")).status).toBe(200);
    }
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(admit, "/events/none")).status);
    expect(statuses).toEqual([404, 404, 429]);
  });

  test("GET /openapi.json is the contract's document with the mount's URL as server, CORS for allowed origins", async () => {
    const answer = await get(admit, "/openapi.json", { origin: SHOP }, "203.0.113.77");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(answer.body.servers).toEqual([
      { url: "http://kit.test/admit", description: "This kit" },
    ]);
    expect({ ...answer.body, servers: undefined }).toEqual({
      ...createOpenApiDocument(),
      servers: undefined,
    });
  });
});
