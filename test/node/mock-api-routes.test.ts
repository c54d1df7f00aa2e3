// The msw mock of the contract (test/mocks, behind the stories and the browser tests) answers
// the widget's side of the API. It must be the API the kit serves: every route it mocks is one
// the OpenAPI route table documents (which a server-kit test holds against the kit's own route
// table), and every route the buyer's client can call is mocked.
import { createAdmitClient } from "@admit/client";
import { API_ROUTES } from "@admit/client/openapi";
import { describe, expect, it } from "vitest";
import { MOCK_API } from "../mocks/fixtures.js";
import { createMockApi } from "../mocks/mock-api.js";

describe("the msw contract mock and the route table", () => {
  const mocked = createMockApi().handlers.map((handler) => {
    const { method, path } = handler.info as { method: string; path: string };
    return `${method} ${String(path).replace(MOCK_API, "")}`;
  });
  const client = createAdmitClient({ baseUrl: MOCK_API });
  const callable = API_ROUTES.filter(
    (route) =>
      typeof (client as unknown as Record<string, unknown>)[route.operationId] === "function",
  ).map((route) => `${route.method} ${route.path}`);

  it("mocks only routes the contract documents, with the same method and path", () => {
    const documented = new Set(API_ROUTES.map((route) => `${route.method} ${route.path}`));
    expect(mocked.filter((route) => !documented.has(route))).toEqual([]);
  });

  it("mocks every route the buyer's client can call", () => {
    expect(callable.length).toBeGreaterThan(5);
    expect(callable.filter((route) => !mocked.includes(route))).toEqual([]);
  });
});
