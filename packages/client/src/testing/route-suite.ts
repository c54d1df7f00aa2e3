import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAdmitAdminClient } from "../admit-admin-client.js";
import { createAdmitClient } from "../admit-client.js";
import { PROBLEM_CODES, PROBLEMS } from "../contract/problem.js";
import { AdmitApiError, isAdmitApiError } from "../errors/admit-api-error.js";
import { ContractError } from "../errors/contract-error.js";
import { answerRoute, problemResponse } from "./recording-server.js";
import type { Clients, RouteCase } from "./route-cases.js";
import { BASE_URL, TOKEN } from "./sample-answers.js";

export const ADMIN_TOKEN = "admin-secret-token";

/** Clients against {@link BASE_URL}; retries off unless given, so one request is one answer. */
export function makeClients(retry: { limit?: number; backoffMs?: number } = { limit: 0 }): Clients {
  const options = { baseUrl: BASE_URL, retry, headers: { "x-host-header": "yes" } };
  return {
    client: createAdmitClient(options),
    admin: createAdmitAdminClient({ ...options, token: ADMIN_TOKEN }),
  };
}

/** The authorization a route must send: the hold/order token, the admin token, or none. */
function expectedAuthorization(route: RouteCase): string | null {
  if (route.client === "admin") return `Bearer ${ADMIN_TOKEN}`;
  return ["getEvent", "createHold", "joinWaitlist", "checkPromoCode"].includes(route.name)
    ? null
    : `Bearer ${TOKEN}`;
}

/** Success, every problem code, malformed answers and non-JSON errors, for each route. */
export function describeRouteCases(cases: readonly RouteCase[]): void {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  describe.each(cases)("$name ($method $path)", (route) => {
    const answer = () =>
      route.status === 204
        ? new HttpResponse(null, { status: 204 })
        : HttpResponse.json(route.answer, { status: route.status });

    it("sends the request the contract describes and returns the validated answer", async () => {
      const seen = answerRoute(server, route.method, route.path, answer);
      const result = await route.call(makeClients());
      expect(result).toEqual(route.status === 204 ? undefined : route.answer);
      expect(seen).toHaveLength(1);
      const [request] = seen;
      expect(request?.headers.get("authorization")).toBe(expectedAuthorization(route));
      expect(request?.headers.get("x-host-header")).toBe("yes");
      expect(request?.body).toEqual(route.sent);
      expect(request?.query).toEqual(route.query ?? {});
      if (route.creates) {
        expect(request?.headers.get("idempotency-key")).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      } else {
        expect(request?.headers.has("idempotency-key")).toBe(false);
      }
    });

    if (route.creates) {
      it("sends the caller's Idempotency-Key when given one", async () => {
        const seen = answerRoute(server, route.method, route.path, answer);
        await route.call(makeClients(), { idempotencyKey: "intent-42" });
        expect(seen[0]?.headers.get("idempotency-key")).toBe("intent-42");
      });
    }

    it.each(PROBLEM_CODES)(
      "problem %s becomes an AdmitApiError with code, status and body",
      async (code) => {
        const { status } = PROBLEMS[code];
        const extra = { detail: `detail of ${code}`, requestId: "r-1" };
        answerRoute(server, route.method, route.path, () => problemResponse(code, status, extra));
        const error = await route.call(makeClients()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AdmitApiError);
        expect(isAdmitApiError(error, code)).toBe(true);
        expect(error).toMatchObject({ name: "AdmitApiError", code, status });
        expect((error as AdmitApiError).problem).toEqual({
          type: `urn:admit:problem:${code}`,
          title: "Problem",
          status,
          code,
          ...extra,
        });
      },
    );

    it("a non-JSON error page becomes an AdmitApiError with code http_<status>", async () => {
      answerRoute(
        server,
        route.method,
        route.path,
        () =>
          new HttpResponse("<h1>Bad Gateway</h1>", {
            status: 502,
            statusText: "Bad Gateway",
            headers: { "content-type": "text/html" },
          }),
      );
      const error = await route.call(makeClients()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "AdmitApiError", code: "http_502", status: 502 });
      expect((error as AdmitApiError).problem).toMatchObject({ title: "Bad Gateway", status: 502 });
    });

    const { broken } = route;
    if (broken) {
      it(`a malformed answer raises a ContractError naming ${broken.path}`, async () => {
        answerRoute(server, route.method, route.path, () =>
          HttpResponse.json(broken.answer, { status: route.status }),
        );
        const error = await route.call(makeClients()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ContractError);
        expect(error).toMatchObject({ code: "contract_mismatch", path: broken.path });
        expect((error as ContractError).message).toContain(broken.path);
      });

      it("a 2xx answer that is not JSON raises a ContractError", async () => {
        answerRoute(
          server,
          route.method,
          route.path,
          () => new HttpResponse("<html>login</html>", { status: 200 }),
        );
        const error = await route.call(makeClients()).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "ContractError", path: "" });
      });
    } else {
      it("an answer other than 204 raises a ContractError", async () => {
        answerRoute(server, route.method, route.path, () => HttpResponse.json({ ok: true }));
        const error = await route.call(makeClients()).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "ContractError" });
      });
    }
  });
}
