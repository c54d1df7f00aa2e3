import type { Event, Hold, Tier } from "@admit/client/contract";
import type { HeldSeats, Quantities, WidgetInput, WidgetState } from "./widget-state.js";

/** Whether a tier can be chosen right now. */
export function isBuyable(tier: Tier): boolean {
  return tier.availability === "available" || tier.availability === "limited";
}

/** The most seats of `tier` one order may take. */
export function maxQuantity(tier: Tier): number {
  return Math.min(tier.maxPerOrder, tier.remaining ?? tier.maxPerOrder);
}

/**
 * Keeps a quantity within the tier's rules: 0, or between `minPerOrder` and the maximum.
 * Stepping up from 0 jumps to the minimum; stepping down below it goes back to 0.
 */
export function clampQuantity(tier: Tier, wanted: number, previous: number): number {
  const max = isBuyable(tier) ? maxQuantity(tier) : 0;
  const quantity = Number.isFinite(wanted) ? Math.floor(wanted) : 0;
  if (quantity <= 0 || max < tier.minPerOrder) return 0;
  if (quantity < tier.minPerOrder) return quantity < previous ? 0 : tier.minPerOrder;
  return Math.min(quantity, max);
}

/** A hold with the offset of the server's clock from this browser's, when it arrived. */
export function heldSeats(hold: Hold, now = Date.now()): HeldSeats {
  return { hold, skewMs: Date.parse(hold.now) - now };
}

/** Milliseconds left on a hold by the server's clock (the browser's, corrected by the skew). */
export function timeLeft({ hold, skewMs }: HeldSeats, now = Date.now()): number {
  return Date.parse(hold.expiresAt) - (now + skewMs);
}

/** Total seats chosen. */
export function countSeats(quantities: Quantities): number {
  return Object.values(quantities).reduce((sum, n) => sum + n, 0);
}

export function ready(event: Event, quantities: Quantities = {}): WidgetState {
  const kept: Record<string, number> = {};
  for (const tier of event.tiers) {
    const n = clampQuantity(tier, quantities[tier.id] ?? 0, 0);
    if (n) kept[tier.id] = n;
  }
  return { name: "ready", event, quantities: kept };
}

/**
 * The first screen's part of the widget's state machine (`loading`, `error`, `ready` without
 * its waitlist, `holding`, `start-over` from anywhere, and the Pay clicks): the next state for an input, the same object when
 * the input does not apply (a late answer, a double click), or `undefined` when the rest of the
 * machine decides (`transition` in `order-machine.ts`, in the order flow's chunk).
 * Pure: no I/O, no clock.
 * @example firstTransition({ name: "loading" }, { type: "loaded", event }) // { name: "ready", … }
 */
export function firstTransition(state: WidgetState, input: WidgetInput): WidgetState | undefined {
  if (input.type === "start-over") {
    return state.name === "loading" || state.name === "holding" || state.name === "checking-out"
      ? state
      : { name: "loading" };
  }
  switch (state.name) {
    case "loading":
      if (input.type === "loaded") return ready(input.event);
      if (input.type === "failed") return { name: "error", problem: input.problem };
      // A saved hold or order, found by the order flow's resume.
      return input.type === "resumed-hold" || input.type === "order" ? undefined : state;
    case "error":
      return input.type === "retry" ? { name: "loading" } : state;
    case "ready": {
      const { event, quantities, waitlist } = state;
      switch (input.type) {
        case "set-quantity": {
          const tier = event.tiers.find((t) => t.id === input.tierId);
          if (!tier) return state;
          const previous = quantities[tier.id] ?? 0;
          const quantity = clampQuantity(tier, input.quantity, previous);
          return { name: "ready", event, quantities: { ...quantities, [tier.id]: quantity } };
        }
        case "reserve":
          return countSeats(quantities) > 0 && !waitlist?.pending
            ? { name: "holding", event, quantities }
            : state;
        case "loaded":
        case "promo":
          return ready(input.event, quantities);
        default:
          // The waitlist: the rest of the machine.
          return undefined;
      }
    }
    case "holding":
      if (input.type === "held") return { name: "held", event: state.event, held: input.held };
      if (input.type === "failed") {
        return {
          name: "ready",
          event: state.event,
          quantities: state.quantities,
          problem: input.problem,
        };
      }
      return state;
    // Paying: here, so the controller opens the payment window inside the buyer's click even
    // when the order flow's chunk (the rest of these states) has not arrived yet.
    case "held":
      return input.type === "checkout"
        ? { name: "checking-out", event: state.event, held: state.held }
        : undefined;
    case "failed":
      return input.type === "retry-payment"
        ? { name: "checking-out", order: state.order }
        : undefined;
    default:
      return undefined;
  }
}
