import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FuzzDemo, startFuzzDemo } from "./support/fuzz-demo.js";
import { runFuzz } from "./support/fuzz-run.js";

// The demo on Fastify over PostgreSQL against 10,000 hostile requests.
// Express over PGlite runs in a file of its own, so the two run in parallel.
describe("the HTTP edge under fuzz on fastify with postgres", () => {
  let fuzz: FuzzDemo;
  beforeAll(async () => {
    fuzz = await startFuzzDemo({ framework: "fastify", database: "postgres" });
  });
  afterAll(() => fuzz?.close());

  test("10,000 hostile requests: no 5xx, only problem+json with a code, no leak, no state change; a real purchase afterwards", async () => {
    const before = await fuzz.snapshot();
    const report = await runFuzz("fastify/postgres", fuzz.target, { requests: 10_000 });
    expect(report.failure, report.failure).toBeUndefined();
    expect(report.requests).toBeGreaterThanOrEqual(10_000);
    expect(await fuzz.snapshot()).toEqual(before);
    expect(await fuzz.purchase()).toMatch(/^ord_/);
  }, 120_000);
});
