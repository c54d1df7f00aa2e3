import type { Event, OrderStatus, OrderStatusCode, Tier } from "@admit/client/contract";
import type {
  HeldSeats,
  Quantities,
  WidgetInput,
  WidgetState,
  WidgetStateName,
} from "./widget-state.js";

/** Where the widget lands for each order status the server reports. */
const ORDER_STATES: Readonly<Record<OrderStatusCode, WidgetStateName>> = {
  pending_payment: "confirming",
  paid: "paid",
  // The buyer paid; a later partial refund keeps the remaining tickets valid.
  partially_refunded: "paid",
  failed: "failed",
  expired: "expired",
  cancelled: "cancelled",
  refunded: "cancelled",
  manual_review: "manual-review",
};

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

/** Milliseconds left on a hold by the server's clock (the browser's, corrected by the skew). */
export function timeLeft({ hold, skewMs }: HeldSeats, now = Date.now()): number {
  return Date.parse(hold.expiresAt) - (now + skewMs);
}

/** Total seats chosen. */
export function countSeats(quantities: Quantities): number {
  return Object.values(quantities).reduce((sum, n) => sum + n, 0);
}

function orderState(order: OrderStatus, paymentUrl?: string, popup?: boolean): WidgetState {
  const name = ORDER_STATES[order.status];
  if (name === "confirming") return { name, order, paymentUrl, popup };
  return { name, order } as WidgetState;
}

function heldQuantities(items: readonly { tierId: string; quantity: number }[]): Quantities {
  return Object.fromEntries(items.map((i) => [i.tierId, i.quantity]));
}

function ready(event: Event, quantities: Quantities = {}): WidgetState {
  const kept: Record<string, number> = {};
  for (const tier of event.tiers) {
    const n = clampQuantity(tier, quantities[tier.id] ?? 0, 0);
    if (n) kept[tier.id] = n;
  }
  return { name: "ready", event, quantities: kept };
}

/**
 * The widget's one state machine: the next state for an input, or the same object when the
 * input does not apply in this state (a late answer, a double click). Pure: no I/O, no clock.
 * @example transition({ name: "loading" }, { type: "loaded", event }) // { name: "ready", … }
 */
export function transition(state: WidgetState, input: WidgetInput): WidgetState {
  if (input.type === "start-over") {
    return state.name === "loading" || state.name === "holding" || state.name === "checking-out"
      ? state
      : { name: "loading" };
  }
  switch (state.name) {
    case "loading":
      if (input.type === "loaded") return ready(input.event);
      if (input.type === "failed") return { name: "error", problem: input.problem };
      if (input.type === "resumed-hold") {
        return input.held.hold.status === "active"
          ? { name: "held", event: input.event, held: input.held }
          : {
              name: "hold-expired",
              event: input.event,
              quantities: heldQuantities(input.held.hold.items),
            };
      }
      if (input.type === "order") return orderState(input.order, input.paymentUrl);
      return state;
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
        case "open-waitlist":
          return event.tiers.some((t) => t.id === input.tierId && t.waitlist)
            ? {
                name: "ready",
                event,
                quantities,
                waitlist: { tierId: input.tierId, pending: false },
              }
            : state;
        case "close-waitlist":
          return waitlist && !waitlist.pending ? { name: "ready", event, quantities } : state;
        case "join-waitlist":
          return waitlist && !waitlist.pending
            ? { ...state, waitlist: { tierId: waitlist.tierId, pending: true } }
            : state;
        case "failed":
          return waitlist?.pending
            ? { ...state, waitlist: { ...waitlist, pending: false, problem: input.problem } }
            : state;
        case "waitlist-joined":
          return waitlist?.pending ? { name: "waitlist-joined", event, entry: input.entry } : state;
        default:
          return state;
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
    case "held":
      if (input.type === "release")
        return ready(state.event, heldQuantities(state.held.hold.items));
      if (input.type === "checkout")
        return { name: "checking-out", event: state.event, held: state.held };
      if (input.type === "hold-expired") {
        return {
          name: "hold-expired",
          event: state.event,
          quantities: heldQuantities(state.held.hold.items),
        };
      }
      return state;
    case "hold-expired":
      // Not a dead end: the buyer changes the quantities and reserves again, or joins a waitlist.
      if (input.type === "set-quantity") {
        const changed = transition(ready(state.event, state.quantities), input);
        return changed.name === "ready"
          ? { name: "hold-expired", event: state.event, quantities: changed.quantities }
          : state;
      }
      if (input.type === "reserve") {
        return countSeats(state.quantities) > 0
          ? { name: "holding", event: state.event, quantities: state.quantities }
          : state;
      }
      if (input.type === "open-waitlist") {
        return transition(ready(state.event, state.quantities), input);
      }
      return state;
    case "checking-out":
      // The hold's timer may run out meanwhile; the server's answer decides, so `hold-expired`
      // is ignored here and a `hold_not_active` problem leads to `hold-expired` instead.
      if (input.type === "checkout-created") {
        return {
          name: "redirecting",
          order: input.checkout.order,
          paymentUrl: input.checkout.paymentUrl,
        };
      }
      if (input.type === "failed") {
        if (state.order) return { name: "failed", order: state.order, problem: input.problem };
        if (!state.event || !state.held) return state;
        if (input.problem === "hold_not_active") {
          return transition(
            { name: "held", event: state.event, held: state.held },
            {
              type: "hold-expired",
            },
          );
        }
        return { name: "held", event: state.event, held: state.held, problem: input.problem };
      }
      return state;
    case "redirecting":
      if (input.type === "payment-opened") {
        return orderState(state.order, state.paymentUrl, input.popup);
      }
      return input.type === "order" ? orderState(input.order, state.paymentUrl) : state;
    case "confirming":
      // Polling already survives lost network; a failure here is one it cannot recover from.
      if (input.type === "failed") return { name: "error", problem: input.problem };
      return input.type === "order"
        ? orderState(input.order, state.paymentUrl, state.popup)
        : state;
    case "failed":
      if (input.type === "retry-payment") return { name: "checking-out", order: state.order };
      return input.type === "order" ? orderState(input.order) : state;
    default:
      return state;
  }
}
