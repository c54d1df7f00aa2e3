import type {
  PriceBreakdown,
  PromoDiscount,
  PromoScope,
  TierFee,
  TierTax,
} from "@admit/client/contract";

/**
 * Prices in integer minor units, with ONE rounding rule: every percentage (tax, percent
 * discount, percent fee) is computed per ticket and rounded half up to a whole minor unit
 * (exact integer arithmetic, no floats); an amount charged or taken off once per order (a
 * per-order fee or discount) is spread over the tickets it concerns by the largest-remainder
 * method (ties to the earlier ticket). So every ticket has whole amounts with
 * `net + tax + fee = gross`, a line is the sum of its tickets and the order the sum of its
 * lines: the lines always add up to the total charged.
 * @module
 */

/** A tier's pricing settings. */
export interface TierPricing {
  id: string;
  /** The listed price: tax included with `inclusive`, net with `exclusive` (or no tax). */
  price: number;
  fee: TierFee | null;
  tax: TierTax | null;
}

/** The discount part of a promo code, as the pricing applies it. */
export interface CodeDiscount {
  discount: PromoDiscount | null;
  scope: PromoScope;
  /** The tiers it discounts; null: every tier. */
  tierIds: readonly string[] | null;
}

export interface PricedLine {
  tierId: string;
  quantity: number;
  breakdown: PriceBreakdown;
  /** One per ticket of the line, in order. */
  tickets: PriceBreakdown[];
}

export interface PricedItems {
  lines: PricedLine[];
  breakdown: PriceBreakdown;
}

export const ZERO_BREAKDOWN: PriceBreakdown = { net: 0, tax: 0, fee: 0, discount: 0, gross: 0 };

/** The breakdown of an amount priced before breakdowns were kept: all of it net. */
export function netOnly(amount: number): PriceBreakdown {
  return { net: amount, tax: 0, fee: 0, discount: 0, gross: amount };
}

/** `a × b / c` rounded half up, exactly (BigInt), for non-negative integers. */
export function mulDivRound(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b) * 2n + BigInt(c)) / (2n * BigInt(c)));
}

/**
 * Spread `total` over `weights` by the largest-remainder method: whole parts proportional to the
 * weights that add up to exactly `total` (the remainder goes to the largest fractions, ties to
 * the earlier one). All-zero weights spread it evenly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.every((x) => x === 0) ? weights.map(() => 1) : weights;
  const sum = w.reduce((s, x) => s + BigInt(x), 0n);
  const t = BigInt(total);
  const parts = w.map((x) => (t * BigInt(x)) / sum);
  const fractions = w.map((x, i) => ({ i, rest: (t * BigInt(x)) % sum }));
  let left = Number(t - parts.reduce((s, x) => s + x, 0n));
  fractions.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of fractions) {
    if (left <= 0) break;
    parts[i]! += 1n;
    left--;
  }
  return parts.map(Number);
}

/** The sum of breakdowns. */
export function sumBreakdowns(parts: readonly PriceBreakdown[]): PriceBreakdown {
  return parts.reduce(
    (s, p) => ({
      net: s.net + p.net,
      tax: s.tax + p.tax,
      fee: s.fee + p.fee,
      discount: s.discount + p.discount,
      gross: s.gross + p.gross,
    }),
    ZERO_BREAKDOWN,
  );
}

/** What a code takes off one ticket listed at `price`. */
function ticketDiscount(discount: PromoDiscount, price: number): number {
  if (discount.kind === "percent") return mulDivRound(price, discount.basisPoints ?? 0, 10_000);
  const amount = discount.amount?.amount ?? 0;
  if (discount.kind === "amount_off") return Math.min(price, amount);
  return Math.max(0, price - amount);
}

/** Whether `code` discounts tickets of `tierId`. */
export function discounts(code: CodeDiscount | null, tierId: string): boolean {
  return !!code?.discount && (code.tierIds === null || code.tierIds.includes(tierId));
}

/**
 * Price `items` at `tiers` with an optional code's discount. Per ticket: the discount comes off
 * the listed price; the tax is `price × rate / (1 + rate)` of it (inclusive) or `price × rate` on
 * top (exclusive); the fee is on the price after discount and tax, and a ticket that costs
 * nothing after its discount pays no fee (a per-order fee is spread over the tier's tickets that
 * cost something).
 */
export function priceItems(
  items: readonly { tierId: string; quantity: number }[],
  tiers: ReadonlyMap<string, TierPricing>,
  code: CodeDiscount | null,
): PricedItems {
  const positions = items.flatMap((item, line) =>
    Array.from({ length: item.quantity }, () => ({ line, tier: tiers.get(item.tierId)! })),
  );
  // Discounts, in list-price terms.
  const off = positions.map(() => 0);
  const applicable = positions.flatMap((p, i) => (discounts(code, p.tier.id) ? [i] : []));
  if (code?.discount && applicable.length > 0) {
    if (code.scope === "ticket") {
      for (const i of applicable) off[i] = ticketDiscount(code.discount, positions[i]!.tier.price);
    } else {
      const listed = applicable.map((i) => positions[i]!.tier.price);
      const sum = listed.reduce((s, x) => s + x, 0);
      const total = Math.min(sum, ticketDiscount(code.discount, sum));
      allocate(total, listed).forEach((part, k) => {
        off[applicable[k]!] = part;
      });
    }
  }
  const priced = positions.map((p, i) => {
    const price = p.tier.price - off[i]!;
    const rate = p.tier.tax?.rateBasisPoints ?? 0;
    const inclusive = p.tier.tax?.pricing !== "exclusive";
    const tax = inclusive
      ? mulDivRound(price, rate, 10_000 + rate)
      : mulDivRound(price, rate, 10_000);
    const net = inclusive ? price - tax : price;
    return { net, tax, fee: 0, discount: off[i]!, gross: net + tax };
  });
  // Fees, per ticket or spread per order over the tier's tickets that cost something.
  for (const tier of new Set(positions.map((p) => p.tier))) {
    const fee = tier.fee;
    if (!fee) continue;
    const own = positions.flatMap((p, i) => (p.tier === tier && priced[i]!.gross > 0 ? [i] : []));
    const fees =
      fee.per === "ticket"
        ? own.map((i) =>
            fee.kind === "fixed"
              ? (fee.amount?.amount ?? 0)
              : mulDivRound(priced[i]!.gross, fee.basisPoints ?? 0, 10_000),
          )
        : allocate(
            fee.kind === "fixed"
              ? own.length > 0
                ? (fee.amount?.amount ?? 0)
                : 0
              : mulDivRound(
                  own.reduce((s, i) => s + priced[i]!.gross, 0),
                  fee.basisPoints ?? 0,
                  10_000,
                ),
            own.map((i) => priced[i]!.gross),
          );
    own.forEach((i, k) => {
      const p = priced[i]!;
      p.fee = fees[k]!;
      p.gross += p.fee;
    });
  }
  const lines = items.map((item, line) => {
    const tickets = priced.filter((_, i) => positions[i]!.line === line);
    return {
      tierId: item.tierId,
      quantity: item.quantity,
      breakdown: sumBreakdowns(tickets),
      tickets,
    };
  });
  return { lines, breakdown: sumBreakdowns(lines.map((l) => l.breakdown)) };
}

/**
 * Split a refund of `amount` into net, tax and fee: in proportion to `basis` (the refunded
 * tickets' breakdowns, or what remains of the order's), by the largest-remainder method, never
 * more of a part than `remaining` of it (what the order was charged of it minus what refunds
 * already took). `amount` must be at most the sum of `remaining`'s parts.
 */
export function splitRefund(
  amount: number,
  basis: PriceBreakdown,
  remaining: PriceBreakdown,
): PriceBreakdown {
  const keys = ["net", "tax", "fee"] as const;
  const parts = allocate(
    amount,
    keys.map((k) => Math.max(0, basis[k])),
  );
  // Cap each part at what remains of it, and move the excess to the parts that have room.
  let excess = 0;
  keys.forEach((k, i) => {
    const room = Math.max(0, remaining[k]);
    if (parts[i]! > room) {
      excess += parts[i]! - room;
      parts[i] = room;
    }
  });
  keys.forEach((k, i) => {
    const room = Math.max(0, remaining[k]) - parts[i]!;
    const moved = Math.min(room, excess);
    parts[i]! += moved;
    excess -= moved;
  });
  return { net: parts[0]!, tax: parts[1]!, fee: parts[2]!, discount: 0, gross: amount };
}
