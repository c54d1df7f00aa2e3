import { API_ROUTES, createOpenApiDocument } from "@admit/client/openapi";
import { describe, expect, test } from "vitest";
import { ROUTES } from "../create-admit.js";

/** `GET /holds/{holdId}`: a route as the OpenAPI document spells it. */
const key = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, "{$1}")}`;

describe("the OpenAPI document and the kit's route table", () => {
  const doc = createOpenApiDocument();
  const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => key(method, path)),
  );
  const served = ROUTES.map((route) => key(route.method, route.path));

  test("every route the kit serves is in the document", () => {
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
  });

  test("the document names no route the kit lacks", () => {
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  test("both list each route once, and there are routes to compare", () => {
    expect(new Set(served).size).toBe(served.length);
    expect(new Set(documented).size).toBe(documented.length);
    expect(served.length).toBeGreaterThan(20);
  });

  test("each route has the same access, and validates its path parameters with the documented schemas", () => {
    for (const route of ROUTES) {
      const name = key(route.method, route.path);
      const described = API_ROUTES.find((r) => r.method === route.method && r.path === route.path);
      expect(described?.access, name).toBe(route.access);
      expect(Object.keys(described?.params ?? {}), name).toEqual(Object.keys(route.params ?? {}));
      for (const [param, schema] of Object.entries(route.params ?? {}))
        expect(described?.params?.[param], `${name} ${param}`).toBe(schema);
    }
  });
});
