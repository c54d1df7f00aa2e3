import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type RawAnswer, rawHttp } from "../testing/raw-http.js";
import { FRAMEWORKS, type Harness, startHarness } from "../testing/test-harness.js";

// The edge as an attacker meets it: raw bytes over a real socket, through the real frameworks.
// An uncaught exception anywhere in this process (the old body reader threw one from an event
// handler) is collected and fails the test that caused it, besides failing the vitest run.
const uncaught: unknown[] = [];
const collect = (error: unknown) => uncaught.push(error);

let h: Harness;
const errors: unknown[] = [];
beforeAll(async () => {
  process.on("uncaughtException", collect);
  process.on("unhandledRejection", collect);
  h = await startHarness({ store: "pglite", kit: { onError: (error) => errors.push(error) } });
  await h.via.express.createEvent("edge");
});
afterAll(async () => {
  process.off("uncaughtException", collect);
  process.off("unhandledRejection", collect);
  await h?.close();
});
afterEach(() => {
  expect(uncaught.splice(0)).toEqual([]);
});

const LEAKS = /node_modules|\.ts:\d|\/work\/|at [\w.<>]+ \(|<html|<pre>|TypeError|Failed to parse/i;

/** The kit's problem format, and nothing of the server's insides. */
function expectProblem(answer: RawAnswer | undefined, status: number, code: string) {
  expect(answer, "an answer").toBeDefined();
  expect(answer!.status).toBe(status);
  expect(answer!.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer!.body).code).toBe(code);
  expect(answer!.body).not.toMatch(LEAKS);
}

describe.each(FRAMEWORKS)("the HTTP edge through %s", (framework) => {
  let port: number;
  beforeAll(() => {
    port = Number(new URL(h.via[framework].baseUrl).port);
  });

  /** The server is alive and answers a normal request on a new connection. */
  async function expectAlive() {
    const answer = await h.via[framework].api("GET", "/events/edge");
    expect(answer.status).toBe(200);
  }

  test("a Content-Length over 16 × maxBodyBytes answers 422 problem+json and the process serves the next request", async () => {
    const [answer] = await rawHttp(
      port,
      "POST /admit/holds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: k-cl\r\nContent-Length: 2000000\r\n\r\n{}",
    );
    expectProblem(answer, 422, "invalid_request");
    // Late bytes of the cancelled body arrive after the answer: the old reader threw on them.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expectAlive();
  });

  test("a body over 16 × maxBodyBytes, on any route, answers 422 and the process serves the next request", async () => {
    const body = Buffer.alloc(16 * 65_536 + 70_000, "x");
    for (const path of ["/admit/holds", "/admit/webhooks/sandbox", "/admit/admin/check-ins"]) {
      const [answer] = await rawHttp(port, [
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: k-big\r\nAuthorization: Bearer admin-secret\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
      ]);
      expectProblem(answer, 422, "invalid_request");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expectAlive();
  });

  test("after a body over the limit the same keep-alive connection serves the next request", async () => {
    const body = Buffer.alloc(100_000, "x");
    const answers = await rawHttp(
      port,
      [
        `POST /admit/holds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: k-ka\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
        "GET /admit/events/edge HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      ],
      { count: 2 },
    );
    expectProblem(answers[0], 422, "invalid_request");
    expect(answers[1]?.status).toBe(200);
  });

  test.each(["%", "a b", "localhost:99999", "user:pass@host", "[", "x:y:z", "host/path"])(
    "Host: %s answers 422 invalid_request problem+json, never 500",
    async (host) => {
      const [answer] = await rawHttp(
        port,
        `GET /admit/events/edge HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      expectProblem(answer, 422, "invalid_request");
      expect(JSON.parse(answer!.body).errors[0].path).toBe("headers.host");
    },
  );

  test("a good Host (name, IPv6 and port) is served: the check refuses only what is not an authority", async () => {
    for (const host of ["127.0.0.1", "example.com:8080", "[::1]:3000", "LOCALHOST"]) {
      const [answer] = await rawHttp(
        port,
        `GET /admit/events/edge HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer?.status, host).toBe(200);
    }
  });

  test("an absolute-form request line is served like its origin-form", async () => {
    const [answer] = await rawHttp(
      port,
      `GET http://127.0.0.1:${port}/admit/events/edge HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer!.body).id).toBe("edge");
  });

  test("TRACE and an unknown method answer 404 not_found problem+json", async () => {
    for (const method of ["TRACE", "PROPFIND"]) {
      const [answer] = await rawHttp(
        port,
        `${method} /admit/events/edge HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expectProblem(answer, 404, "not_found");
    }
  });

  test("a path that leaves the mount once dot segments are resolved answers 404, not another route", async () => {
    const [answer] = await rawHttp(
      port,
      "GET /admit/%2e%2e/events/edge HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    expectProblem(answer, 404, "not_found");
  });

  test("a malformed percent-encoding in the path answers 404 not_found problem+json (Fastify: through admitFrameworkErrors)", async () => {
    for (const path of [
      "/admit/events/%zz",
      "/admit/holds/%E0%A4%A/checkout",
      "/admit/%",
      `http://127.0.0.1:${port}/admit/events/%zz`,
    ]) {
      const [answer] = await rawHttp(
        port,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expectProblem(answer, 404, "not_found");
    }
  });

  test.each(["application/", "json", "application/json, text/plain"])(
    "Content-Type: %s answers the kit's 422 invalid_request problem+json",
    async (type) => {
      const [answer] = await rawHttp(
        port,
        `POST /admit/holds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nIdempotency-Key: k-ct\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      expectProblem(answer, 422, "invalid_request");
      expect(JSON.parse(answer!.body).detail).toBe("Send the body as JSON");
    },
  );
});

describe("an error nobody expected inside the mount", () => {
  test("answers problem+json 500 internal_error on both frameworks and reaches onError, never Express's HTML page", async () => {
    const { admitRouter } = await import("./express.js");
    const { admitPlugin } = await import("./fastify.js");
    const { default: express } = await import("express");
    const { default: Fastify } = await import("fastify");
    const failure = new Error("adapter failure at /srv/app/secret.ts:12");
    // The real kit, except that handing it the request fails: the adapter's own safety net.
    const failing = { ...h.admit, handle: () => Promise.reject(failure) };
    const app = express();
    app.use("/admit", admitRouter(failing));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const fastify = Fastify();
    await fastify.register(admitPlugin, { prefix: "/admit", admit: failing });
    await fastify.listen({ port: 0, host: "127.0.0.1" });
    try {
      for (const port of [
        (server.address() as { port: number }).port,
        (fastify.server.address() as { port: number }).port,
      ]) {
        errors.length = 0;
        const [answer] = await rawHttp(
          port,
          "GET /admit/events/edge HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        );
        expectProblem(answer, 500, "internal_error");
        expect(answer!.body).not.toContain("secret");
        expect(errors).toEqual([failure]);
      }
    } finally {
      server.close();
      server.closeAllConnections();
      await fastify.close();
    }
  });
});
