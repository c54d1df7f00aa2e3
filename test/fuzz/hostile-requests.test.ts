import * as contract from "@admit/client/contract";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { hostileRequest } from "./support/hostile-requests.js";

// The fuzz suites prove that no hostile request changes state, which is only a proof if every
// generated request is one the kit must refuse. This checks the generators themselves, without
// a server: every body made for a route fails that route's contract schema.
const TARGET = {
  port: 3000,
  adminToken: "t".repeat(32),
  webhookSecret: `whsec_${Buffer.alloc(32, 1).toString("base64")}`,
  orderIds: ["ord_aaaaaaaaaaaa"],
  ticketIds: ["tkt_aaaaaaaaaaaa"],
};

describe("the fuzz suite's generators", () => {
  test("every generated body fails its route's contract schema (10,000 requests)", () => {
    const seed = Number(process.env.FUZZ_SEED) || 1;
    let checked = 0;
    fc.assert(
      fc.property(hostileRequest(TARGET), (request) => {
        if (!request.contract) return;
        const { schema, body } = request.contract;
        // Over the body limit: refused before any schema.
        if (Buffer.byteLength(body) > 65_536) return;
        let value: unknown;
        try {
          value = JSON.parse(body);
        } catch {
          return;
        }
        checked++;
        const result = z.safeParse(
          (contract as unknown as Record<string, z.ZodMiniType>)[schema]!,
          value,
        );
        // A new payment attempt's only field is optional: `{}` is valid there, and the request
        // is refused by its order token instead (the generators never hold a real one).
        if (result.success && schema === "PaymentAttemptRequest") expect(result.data).toEqual({});
        else expect(result.success, `${schema} accepted ${body.slice(0, 300)}`).toBe(false);
      }),
      { seed, numRuns: 10_000 },
    );
    expect(checked).toBeGreaterThan(2_000);
  });
});
