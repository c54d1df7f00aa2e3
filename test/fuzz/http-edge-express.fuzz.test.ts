import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FuzzDemo, startFuzzDemo } from "./support/fuzz-demo.js";
import { runFuzz } from "./support/fuzz-run.js";

// The demo on Express over PGlite (`npm start`'s defaults) against 10,000 hostile requests.
// Fastify over PostgreSQL runs in a file of its own, so the two run in parallel.
describe("the HTTP edge under fuzz on express with pglite", () => {
  let fuzz: FuzzDemo;
  beforeAll(async () => {
    fuzz = await startFuzzDemo({ framework: "express", database: "pglite" });
  });
  afterAll(() => fuzz?.close());

  test("10,000 hostile requests: no 5xx, only problem+json with a code, no leak, no state change; a real purchase afterwards", async () => {
    const before = await fuzz.snapshot();
    const report = await runFuzz("express/pglite", fuzz.target, { requests: 10_000 });
    expect(report.failure, report.failure).toBeUndefined();
    expect(report.requests).toBeGreaterThanOrEqual(10_000);
    expect(await fuzz.snapshot()).toEqual(before);
    expect(await fuzz.purchase()).toMatch(/^ord_/);
  }, 120_000);
});

describe("control: the fuzzer finds a request that fails inside the host", () => {
  let fuzz: FuzzDemo;
  beforeAll(async () => {
    // One id in the generators' dictionary makes the host fail (the demo's unsafeFailOn).
    fuzz = await startFuzzDemo({
      framework: "express",
      database: "pglite",
      unsafeFailOn: "demo;x=1",
    });
  });
  afterAll(() => fuzz?.close());

  test("a run against it fails and prints the request that found it", async () => {
    const report = await runFuzz("control express/pglite", fuzz.target, { requests: 5_000 });
    expect(report.failure).toMatch(/^status 500: /);
    expect(report.failure).toContain("demo;x=1");
  }, 60_000);
});
