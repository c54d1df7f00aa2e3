import { describe, expect, it, vi } from "vitest";
import { createPgliteStore } from "./pglite-store.js";

// As if the optional peer dependency were not installed: importing it fails.
vi.mock("@electric-sql/pglite", () => {
  throw new Error("Cannot find package '@electric-sql/pglite'");
});

describe("createPgliteStore without @electric-sql/pglite installed", () => {
  it("is created, and closed, without loading PGlite", async () => {
    const store = createPgliteStore();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it("fails its first statement with a message that says what to install", async () => {
    const store = createPgliteStore();
    const failure = store.query("select 1");
    await expect(failure).rejects.toThrow(
      /^@admit\/server-kit: Failed to load @electric-sql\/pglite.*Make sure to install it: npm install @electric-sql\/pglite/,
    );
    await expect(failure).rejects.toHaveProperty("cause");
    await expect(store.transaction(async () => 1)).rejects.toThrow(/Failed to load/);
    await expect(store.close()).resolves.toBeUndefined();
  });
});
