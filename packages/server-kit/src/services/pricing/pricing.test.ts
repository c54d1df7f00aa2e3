import type { TierFee, TierTax } from "@admit/client/contract";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  allocate,
  type CodeDiscount,
  mulDivRound,
  priceItems,
  splitRefund,
  type TierPricing,
} from "./pricing.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const tier = (id: string, price: number, fee?: TierFee, tax?: TierTax): TierPricing => ({
  id,
  price,
  fee: fee ?? null,
  tax: tax ?? null,
});
const VAT19: TierTax = { rateBasisPoints: 1900, pricing: "inclusive" };

describe("pricing: one rounding rule, lines that add up", () => {
  test("rounding is half up, exactly, also beyond 2^53 in the intermediate product", () => {
    expect(mulDivRound(4500, 1900, 11_900)).toBe(718); // 718.49…
    expect(mulDivRound(5, 1, 2)).toBe(3); // 2.5 → 3
    expect(mulDivRound(Number.MAX_SAFE_INTEGER, 1900, 11_900)).toBe(1_438_124_250_756_965); // …964.95;
  });

  test("largest remainder: parts add up to the total, ties go to the earlier one", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1000, [4500, 4500, 12000])).toEqual([214, 214, 572]);
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
  });

  test("inclusive VAT with a fixed fee per ticket: incl. 19 % VAT, + €1.50 fee", () => {
    const tiers = new Map([
      ["ga", tier("ga", 4500, { kind: "fixed", amount: EUR(150), per: "ticket" }, VAT19)],
    ]);
    const priced = priceItems([{ tierId: "ga", quantity: 2 }], tiers, null);
    expect(priced.lines[0]!.tickets[0]).toEqual({
      net: 3782,
      tax: 718,
      fee: 150,
      discount: 0,
      gross: 4650,
    });
    expect(priced.breakdown).toEqual({ net: 7564, tax: 1436, fee: 300, discount: 0, gross: 9300 });
  });

  test("exclusive tax is added on top; a per-order fee is spread over the tier's tickets", () => {
    const tiers = new Map([
      [
        "ws",
        tier(
          "ws",
          1000,
          { kind: "fixed", amount: EUR(100), per: "order" },
          { rateBasisPoints: 700, pricing: "exclusive" },
        ),
      ],
    ]);
    const priced = priceItems([{ tierId: "ws", quantity: 3 }], tiers, null);
    expect(priced.lines[0]!.tickets.map((t) => [t.net, t.tax, t.fee, t.gross])).toEqual([
      [1000, 70, 34, 1104],
      [1000, 70, 33, 1103],
      [1000, 70, 33, 1103],
    ]);
    expect(priced.breakdown.gross).toBe(3310);
  });

  test("a 100 % code makes the ticket free and no fee is charged on it (Hi.Events #699)", () => {
    const tiers = new Map([
      ["ga", tier("ga", 4500, { kind: "fixed", amount: EUR(150), per: "ticket" }, VAT19)],
    ]);
    const code: CodeDiscount = {
      discount: { kind: "percent", basisPoints: 10_000 },
      scope: "ticket",
      tierIds: null,
    };
    const priced = priceItems([{ tierId: "ga", quantity: 2 }], tiers, code);
    expect(priced.breakdown).toEqual({ net: 0, tax: 0, fee: 0, discount: 9000, gross: 0 });
  });

  test("a per-order amount off is spread in proportion to the listed prices", () => {
    const tiers = new Map([
      ["ga", tier("ga", 4500)],
      ["vip", tier("vip", 12000)],
    ]);
    const code: CodeDiscount = {
      discount: { kind: "amount_off", amount: EUR(1000) },
      scope: "order",
      tierIds: null,
    };
    const priced = priceItems(
      [
        { tierId: "ga", quantity: 2 },
        { tierId: "vip", quantity: 1 },
      ],
      tiers,
      code,
    );
    expect(priced.lines.map((l) => l.breakdown.discount)).toEqual([428, 572]);
    expect(priced.breakdown.gross).toBe(21000 - 1000);
  });

  test("a set price per ticket, only on the code's tiers", () => {
    const tiers = new Map([
      ["ga", tier("ga", 4500)],
      ["vip", tier("vip", 12000)],
    ]);
    const code: CodeDiscount = {
      discount: { kind: "set_price", amount: EUR(9900) },
      scope: "ticket",
      tierIds: ["vip"],
    };
    const priced = priceItems(
      [
        { tierId: "ga", quantity: 1 },
        { tierId: "vip", quantity: 1 },
      ],
      tiers,
      code,
    );
    expect(priced.lines.map((l) => l.breakdown.gross)).toEqual([4500, 9900]);
  });

  test("property: every ticket is whole and net + tax + fee = gross; lines and total are sums", () => {
    const fee = fc.option(
      fc.oneof(
        fc.record({
          kind: fc.constant("fixed" as const),
          amount: fc.integer({ min: 0, max: 10_000 }).map(EUR),
          per: fc.constantFrom("ticket" as const, "order" as const),
        }),
        fc.record({
          kind: fc.constant("percent" as const),
          basisPoints: fc.integer({ min: 1, max: 10_000 }),
          per: fc.constantFrom("ticket" as const, "order" as const),
        }),
      ),
      { nil: undefined },
    );
    const tax = fc.option(
      fc.record({
        rateBasisPoints: fc.integer({ min: 0, max: 10_000 }),
        pricing: fc.constantFrom("inclusive" as const, "exclusive" as const),
      }),
      { nil: undefined },
    );
    const discount = fc.option(
      fc.record({
        discount: fc.oneof(
          fc.record({
            kind: fc.constant("percent" as const),
            basisPoints: fc.integer({ min: 1, max: 10_000 }),
          }),
          fc.record({
            kind: fc.constant("amount_off" as const),
            amount: fc.integer({ min: 0, max: 50_000 }).map(EUR),
          }),
          fc.record({
            kind: fc.constant("set_price" as const),
            amount: fc.integer({ min: 0, max: 50_000 }).map(EUR),
          }),
        ),
        scope: fc.constantFrom("ticket" as const, "order" as const),
        tierIds: fc.constant(null),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 100_000 }), fee, tax, fc.integer({ min: 1, max: 5 })),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        discount,
        (specs, code) => {
          const tiers = new Map(
            specs.map(([price, f, t], i) => [`t${i}`, tier(`t${i}`, price, f, t)]),
          );
          const items = specs.map(([, , , quantity], i) => ({ tierId: `t${i}`, quantity }));
          const priced = priceItems(items, tiers, code);
          let gross = 0;
          for (const line of priced.lines) {
            let lineGross = 0;
            for (const t of line.tickets) {
              for (const v of Object.values(t)) expect(Number.isInteger(v) && v >= 0).toBe(true);
              expect(t.net + t.tax + t.fee).toBe(t.gross);
              if (t.net + t.tax === 0) expect(t.fee).toBe(0);
              lineGross += t.gross;
            }
            expect(line.breakdown.gross).toBe(lineGross);
            gross += lineGross;
          }
          expect(priced.breakdown.gross).toBe(gross);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a refund splits in proportion and never takes more tax or fee than remains", () => {
    const charged = { net: 3782, tax: 718, fee: 150, discount: 0, gross: 4650 };
    expect(splitRefund(4650, charged, charged)).toEqual({ ...charged, discount: 0 });
    const half = splitRefund(2325, charged, charged);
    expect(half.net + half.tax + half.fee).toBe(2325);
    expect(half.tax).toBe(359);
    // Only net remains: all of the refund is net, whatever the basis says.
    const netLeft = { net: 1000, tax: 0, fee: 0, discount: 0, gross: 1000 };
    expect(splitRefund(1000, charged, netLeft)).toEqual({
      net: 1000,
      tax: 0,
      fee: 0,
      discount: 0,
      gross: 1000,
    });
  });
});
