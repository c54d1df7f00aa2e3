import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { validate } from "@readme/openapi-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { createAdmitAdminClient } from "../admit-admin-client.js";
import { createAdmitClient } from "../admit-client.js";
import { ORDER_CSV_COLUMNS, RECONCILIATION_CSV_COLUMNS } from "../contract/csv-columns.js";
import { PROBLEM_CODES } from "../contract/problem.js";
import { createAdmitScannerClient } from "../ticket-codes/scanner-client.js";
import { API_ROUTES } from "./api-routes.js";
import { createOpenApiDocument } from "./create-openapi-document.js";
import type { JsonSchema } from "./openapi-components.js";

const SHIPPED = join(import.meta.dirname, "openapi.json");

describe("the OpenAPI document", () => {
  const doc = createOpenApiDocument();

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify(result.valid ? result.warnings : result.errors)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it("its schemas are valid JSON Schema 2020-12 (Ajv in strict mode, with formats)", () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats.default(ajv);
    const defs = JSON.parse(
      JSON.stringify(doc.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"),
    );
    for (const name of Object.keys(defs))
      expect(() => ajv.compile({ $defs: defs, $ref: `#/$defs/${name}` }), name).not.toThrow();
    const money = ajv.compile({ $defs: defs, $ref: "#/$defs/Money" });
    expect(money({ amount: 4500, currency: "EUR" })).toBe(true);
    expect(money({ amount: 45.5, currency: "EUR" })).toBe(false);
  });

  it("the validator refuses a broken document (guards the check above)", async () => {
    const broken = structuredClone(doc);
    broken.paths["/holds"]!.post!.responses = { 201: { content: {} } }; // no description
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it("the shipped openapi.json is what the contract generates (run `npm run openapi`)", () => {
    expect(JSON.parse(readFileSync(SHIPPED, "utf8"))).toEqual(doc);
    // …and it is the file the package exports.
    expect(createRequire(import.meta.url).resolve("@admit/client/openapi.json")).toBe(SHIPPED);
  });

  it("has one operation per route, under its method and path", () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      API_ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`).sort(),
    );
    expect(operations.length).toBeGreaterThan(20);
  });

  it("names each route after its method on the typed clients", () => {
    const clients = {
      // The scanner's downloads have their own client, so the widget's bundle leaves them out.
      public: {
        ...createAdmitClient({ baseUrl: "https://tickets.test/admit" }),
        ...createAdmitScannerClient({ baseUrl: "https://tickets.test/admit" }),
      },
      admin: createAdmitAdminClient({ baseUrl: "https://tickets.test/admit" }),
    };
    for (const route of API_ROUTES) {
      if (route.access !== "public" && route.access !== "admin") continue;
      // The return route is a browser redirect, and the document is for tools, not the clients.
      if (route.operationId === "returnFromPayment" || route.path === "/openapi.json") continue;
      // Files (tickets PDF, calendar, pass) are opened by link (the receipt's `downloads`).
      if (Object.values(route.answers).some((answer) => answer.file)) continue;
      expect(clients[route.access], route.operationId).toHaveProperty(route.operationId);
    }
  });

  it("answers every problem code from some route, as application/problem+json", () => {
    const text = JSON.stringify(doc.paths);
    const answered = PROBLEM_CODES.filter(
      (code) => text.includes(`#/components/responses/${code}"`) || text.includes(`"${code}"`),
    );
    expect(answered).toEqual(PROBLEM_CODES);
    expect(doc.components.responses.sold_out).toMatchObject({
      content: {
        "application/problem+json": {
          schema: { allOf: [{ $ref: expect.any(String) }, expect.anything()] },
        },
      },
    });
  });

  it("asks for Idempotency-Key, and the right credentials, where the server does", () => {
    const post = doc.paths["/holds/{holdId}/checkout"]!.post!;
    expect(post.security).toEqual([{ holdToken: [] }]);
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ name: "Idempotency-Key", in: "header", required: true }),
    );
    expect(doc.paths["/admin/orders/{orderId}"]!.get!.security).toEqual([{ admin: [] }]);
    expect(doc.paths["/events/{eventId}"]!.get!.security).toBeUndefined();
    expect(doc.paths["/admin/events/{eventId}"]!.put!.parameters).not.toContainEqual(
      expect.objectContaining({ name: "Idempotency-Key" }),
    );
  });

  it("describes requests as zod reads them: a field with a default is optional", () => {
    const { EventInput, Event } = doc.components.schemas;
    expect(EventInput!.required).not.toContain("status");
    expect(EventInput!.properties).toHaveProperty("status.default", "on_sale");
    expect(Event!.required).toContain("status");
    const limit = (doc.paths["/admin/orders"]!.get!.parameters as { name: string }[]).find(
      (p) => p.name === "limit",
    );
    expect(limit).toMatchObject({ in: "query", required: false, schema: { default: 100 } });
  });

  it("names the CSV answers, with the header rows the server writes, and how to ask for them", () => {
    const csvOf = (path: string) => {
      const get = doc.paths[path]!.get!;
      const ok = (get.responses as Record<string, { content: Record<string, JsonSchema> }>)["200"]!;
      return { get, json: ok.content["application/json"], csv: ok.content["text/csv"] };
    };
    const orders = csvOf("/admin/orders");
    expect(orders.json).toEqual({ schema: { $ref: "#/components/schemas/OrderPage" } });
    expect(orders.csv).toMatchObject({
      schema: { type: "string" },
      "x-csv-columns": [...ORDER_CSV_COLUMNS],
    });
    expect(orders.get.description).toContain("Accept: text/csv");
    const report = csvOf("/admin/events/{eventId}/reconciliation");
    expect(report.csv?.["x-csv-columns"]).toEqual([...RECONCILIATION_CSV_COLUMNS]);
    expect(report.get.parameters).toContainEqual(
      expect.objectContaining({ name: "format", in: "query", required: false }),
    );
    const csvPaths = Object.entries(doc.paths)
      .filter(([, methods]) => JSON.stringify(methods).includes('"text/csv"'))
      .map(([path]) => path);
    expect(csvPaths).toEqual(["/admin/orders", "/admin/events/{eventId}/reconciliation"]);
  });

  it("spells out the rules zod checks with functions", () => {
    expect(doc.components.schemas.Timestamp).toMatchObject({ type: "string", format: "date-time" });
    expect(doc.components.schemas.CurrencyCode).toMatchObject({ pattern: "^[A-Z]{3}$" });
  });

  it("names the kit's URL as its server when given one", () => {
    const served = createOpenApiDocument({ serverUrl: "https://tickets.example.com/admit/" });
    expect(served.servers).toEqual([
      { url: "https://tickets.example.com/admit", description: "This kit" },
    ]);
  });
});
