// The per-request path's shortcuts (issue #14) give what the long way gave: the answer's text
// without reading its stream, Node's headers as a record, checked origins kept, routes compiled
// once, CORS set in place, the token compared from the digest's bytes.
import { describe, expect, test } from "vitest";
import { toFetchHeaderRecord, toFetchHeaders } from "../adapters/fetch-headers.js";
import { toFetchRequest } from "../adapters/fetch-request.js";
import { nodeAnswerBody } from "../adapters/node-answer.js";
import { ROUTES } from "../create-admit.js";
import { hashToken, tokenMatches } from "../crypto/secrets.js";
import { AdmitError } from "../errors/admit-error.js";
import { applyCorsHeaders, corsHeaders } from "./cors.js";
import {
  internalErrorResponse,
  jsonResponse,
  problemResponse,
  unreadAnswerText,
} from "./problem-response.js";
import { matchRoute, type Route } from "./route-table.js";

describe("answers the kit built from a text", () => {
  const answers = () => [
    jsonResponse({ a: 1, text: "ünïcödé ✓" }),
    jsonResponse({ created: true }, 201, { location: "/x" }),
    problemResponse(new AdmitError("rate_limited", "slow down", {}, { retryAfterSeconds: 3 })),
    internalErrorResponse(),
  ];

  test("an adapter sends the very bytes the answer's stream gives", async () => {
    for (const answer of answers()) {
      const streamed = Buffer.from(await answer.clone().arrayBuffer());
      expect(await nodeAnswerBody(answer)).toEqual(streamed);
    }
  });

  test("headers and status are the answer's own", () => {
    const [json, created, problem] = answers();
    expect([...json!.headers]).toEqual([
      ["cache-control", "no-store"],
      ["content-type", "application/json; charset=utf-8"],
    ]);
    expect(created!.status).toBe(201);
    expect(created!.headers.get("location")).toBe("/x");
    expect(created!.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(problem!.headers.get("retry-after")).toBe("3");
  });

  test("once something read the body, the text is no longer offered", async () => {
    const answer = jsonResponse({ a: 1 });
    expect(unreadAnswerText(answer)).toBe('{"a":1}');
    await answer.text();
    expect(unreadAnswerText(answer)).toBeUndefined();
    // An answer made elsewhere never had one.
    expect(unreadAnswerText(new Response("x"))).toBeUndefined();
  });
});

describe("Node's headers for the Fetch request", () => {
  test("a record when each header came once; pseudo-headers and undefined left out", () => {
    const record = toFetchHeaderRecord({ host: "a.example", ":path": "/x", "x-empty": undefined });
    expect(record && { ...record }).toEqual({ host: "a.example" });
    // A header named like Object's prototype is a header like any other: no record (a Fetch
    // record would drop it), and the request keeps it.
    const odd = JSON.parse('{"__proto__":"kept","host":"h"}');
    expect(toFetchHeaderRecord(odd)).toBeUndefined();
    const request = toFetchRequest({
      method: "GET",
      protocol: "http",
      host: "h",
      target: "/admit/x",
      headers: odd,
      basePath: "/admit",
    });
    expect(request.headers.get("__proto__")).toBe("kept");
  });

  test("a repeated header gives no record, and the Headers keep each value", () => {
    const incoming = { "set-cookie": ["a=1", "b=2"], host: "h" };
    expect(toFetchHeaderRecord(incoming)).toBeUndefined();
    const request = toFetchRequest({
      method: "GET",
      protocol: "http",
      host: "h",
      target: "/admit/x",
      headers: incoming,
      basePath: "/admit",
    });
    expect(request.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect([...toFetchHeaders(incoming)]).toEqual([...request.headers]);
  });

  test("a checked origin is kept, a bad Host is refused every time", () => {
    const parts = (host: string, protocol = "http") => ({
      method: "GET",
      protocol,
      host,
      target: "/admit/x?y=1",
      headers: { host },
      basePath: "/admit",
    });
    for (let i = 0; i < 3; i++) {
      expect(toFetchRequest(parts("shop.example:8080")).url).toBe(
        "http://shop.example:8080/admit/x?y=1",
      );
      expect(toFetchRequest(parts("shop.example:8080", "https")).url).toBe(
        "https://shop.example:8080/admit/x?y=1",
      );
      expect(() => toFetchRequest(parts("user@shop.example"))).toThrow(AdmitError);
      expect(() => toFetchRequest(parts("shop.example:99999"))).toThrow(AdmitError);
    }
    // Many different hosts: each still checked and answered right.
    for (let i = 0; i < 600; i++)
      expect(new URL(toFetchRequest(parts(`h${i}.example`)).url).host).toBe(`h${i}.example`);
  });
});

describe("route matching", () => {
  const handle = async () => new Response(null);
  const routes: Route[] = [
    { method: "GET", path: "/a/:id", access: "public", handle },
    { method: "POST", path: "/a/:id", access: "admin", handle },
    { method: "GET", path: "/a/fixed", access: "admin", handle },
    { method: "GET", path: "/b/:x/c/:y", access: "public", handle },
  ];

  test("the first route of the table that fits wins, with its decoded parameters", () => {
    expect(matchRoute(routes, "GET", "/a/fixed")).toEqual({
      route: routes[0],
      params: { id: "fixed" },
    });
    expect(matchRoute(routes, "POST", "/a/%C3%A9")).toEqual({
      route: routes[1],
      params: { id: "é" },
    });
    expect(matchRoute(routes, "GET", "//b/1/c/2/")).toEqual({
      route: routes[3],
      params: { x: "1", y: "2" },
    });
  });

  test("a path with other methods answers pathOnly; no path, undefined", () => {
    expect(matchRoute(routes, "DELETE", "/a/1")).toEqual({ pathOnly: routes[0] });
    expect(matchRoute(routes, "GET", "/b/1/d/2")).toBeUndefined();
    expect(matchRoute(routes, "GET", "/a")).toBeUndefined();
    // Broken percent-encoding fits no parameter.
    expect(matchRoute(routes, "GET", "/a/%E0%A4%A")).toBeUndefined();
  });

  test("the kit's table: a parameter that fails its schema is a 404", () => {
    const poll = matchRoute(ROUTES, "GET", "/orders/ord_0123456789abcdef01234567");
    expect(poll && "route" in poll && poll.route.path).toBe("/orders/:orderId");
    expect(() => matchRoute(ROUTES, "GET", "/orders/not-an-order")).toThrow(AdmitError);
  });
});

describe("CORS set in place", () => {
  const allowed = new Set(["https://shop.example"]);
  const request = (origin?: string) =>
    new Request("http://h/x", origin ? { headers: { origin } } : {});

  test("the same headers corsHeaders gives, Vary appended to the answer's own", () => {
    for (const origin of ["https://shop.example", "https://evil.example", undefined]) {
      const headers = new Headers({ "content-type": "text/plain" });
      applyCorsHeaders(request(origin), allowed, headers);
      const expected = new Headers({ "content-type": "text/plain" });
      for (const [name, value] of corsHeaders(request(origin), allowed)) expected.set(name, value);
      expect([...headers]).toEqual([...expected]);
    }
    const varied = new Headers({ vary: "Accept" });
    applyCorsHeaders(request("https://shop.example"), allowed, varied);
    expect(varied.get("vary")).toBe("Accept, Origin");
  });
});

describe("tokenMatches", () => {
  test("the token of a hash matches; another, none or a malformed hash does not", () => {
    const token = "s3cr3t-token_é";
    const stored = hashToken(token);
    expect(tokenMatches(token, stored)).toBe(true);
    expect(tokenMatches(`${token}x`, stored)).toBe(false);
    expect(tokenMatches(undefined, stored)).toBe(false);
    expect(tokenMatches("", hashToken(""))).toBe(true);
    expect(tokenMatches(token, stored.slice(2))).toBe(false);
    expect(tokenMatches(token, "zz")).toBe(false);
  });
});
