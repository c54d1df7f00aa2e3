import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../create-admit.js";
import { sandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import { createEventDirect, kitRequest, testAuthorize } from "../testing/kit-request.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-stores.js";
import { PUBLIC_MAX_AGE_SECONDS } from "./cacheable-response.js";

describe("the event view's cache contract (ETag, max-age=1, 304)", () => {
  let db: TestDatabase;
  let admit: Admit;
  // Statements that read the event's tiers: what a view costs the database.
  let tierReads = 0;
  const view = (etag?: string) =>
    admit.handle(
      new Request("http://kit.test/events/cached", {
        headers: etag ? { "if-none-match": etag } : {},
      }),
      { clientIp: "192.0.2.80" },
    );
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    admit = createAdmit({
      store: {
        ...db.store,
        query: (sql, params) => {
          if (/from admit_tiers t where t\.event_id = e\.id/.test(sql)) tierReads++;
          return db.store.query(sql, params);
        },
      },
      providers: [
        sandboxProvider({
          url: "http://127.0.0.1:9",
          apiKey: "sk_test",
          webhookSecret: `whsec_${Buffer.from("cache-test-secret-0123456789").toString("base64")}`,
        }),
      ],
      authorize: testAuthorize,
    });
    await createEventDirect(admit, "cached", { capacity: 10 });
  });
  afterAll(async () => {
    await admit?.close();
    await db?.drop();
  });

  test("a view is public for one second and carries a strong ETag", async () => {
    const answer = await view();
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("public, max-age=1");
    expect(answer.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await answer.json()).tiers[0].remaining).toBe(10);
  });

  test("If-None-Match with the current ETag answers 304 without a body; W/ and lists match too", async () => {
    const etag = (await view()).headers.get("etag")!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const answer = await view(header);
      expect(answer.status).toBe(304);
      expect(answer.headers.get("etag")).toBe(etag);
      expect(answer.headers.get("cache-control")).toBe("public, max-age=1");
      expect(await answer.text()).toBe("");
    }
    expect((await view('"stale"')).status).toBe(200);
  });

  test("a hold changes the view at once: the old ETag no longer matches and remaining drops", async () => {
    const etag = (await view()).headers.get("etag")!;
    const hold = await kitRequest(admit, "POST", "/holds", {
      body: { eventId: "cached", items: [{ tierId: "ga", quantity: 2 }] },
      ip: "192.0.2.81",
    });
    expect(hold.status).toBe(201);
    const answer = await view(etag);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("etag")).not.toBe(etag);
    expect((await answer.json()).tiers[0].remaining).toBe(8);
  });

  test("within the max age, this process answers from the view it built: no statement reaches the database", async () => {
    await view();
    const before = tierReads;
    for (let i = 0; i < 5; i++) expect((await view()).status).toBe(200);
    expect(tierReads).toBe(before);
  });

  test("a change made through another process shows once the max age is over, not before", async () => {
    const remaining = async () => (await (await view()).json()).tiers[0].remaining;
    // A write of this process empties its views: the next one is built now, the clock starts.
    await kitRequest(admit, "POST", "/holds", {
      body: { eventId: "cached", items: [{ tierId: "ga", quantity: 1 }] },
      ip: "192.0.2.82",
    });
    const shown = await remaining();
    // Another process (here: SQL beside the kit) raises the capacity.
    await db.store.query(
      "update admit_tiers set capacity = capacity + 5 where event_id = 'cached'",
    );
    expect(await remaining()).toBe(shown);
    await new Promise((resolve) => setTimeout(resolve, PUBLIC_MAX_AGE_SECONDS * 1000 + 50));
    expect(await remaining()).toBe(shown + 5);
  });

  test("errors are never cached", async () => {
    const answer = await admit.handle(new Request("http://kit.test/events/no-such-event"));
    expect(answer.status).toBe(404);
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});
