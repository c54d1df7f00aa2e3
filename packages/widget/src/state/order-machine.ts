import type { OrderStatus, OrderStatusCode } from "@admit/client/contract";
import { countSeats, firstTransition, ready } from "./widget-machine.js";
import type { Quantities, WidgetInput, WidgetState, WidgetStateName } from "./widget-state.js";

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

function orderState(order: OrderStatus, paymentUrl?: string, popup?: boolean): WidgetState {
  const name = ORDER_STATES[order.status];
  if (name === "confirming") return { name, order, paymentUrl, popup };
  return { name, order } as WidgetState;
}

function heldQuantities(items: readonly { tierId: string; quantity: number }[]): Quantities {
  return Object.fromEntries(items.map((i) => [i.tierId, i.quantity]));
}

/**
 * The widget's one state machine: the next state for an input, or the same object when the
 * input does not apply in this state (a late answer, a double click). Pure: no I/O, no clock.
 * The first screen's part is `firstTransition` (in the first script); the states from a hold
 * on are here, in the order flow's chunk.
 * @example transition({ name: "loading" }, { type: "loaded", event }) // { name: "ready", … }
 */
export function transition(state: WidgetState, input: WidgetInput): WidgetState {
  const first = firstTransition(state, input);
  if (first) return first;
  if (input.type === "receipt") {
    // Only the paid or failed screen of the receipt's own order keeps it.
    return (state.name === "paid" || state.name === "failed") &&
      state.order.id === input.receipt.orderId
      ? { ...state, receipt: input.receipt }
      : state;
  }
  switch (state.name) {
    case "loading":
      if (input.type === "resumed-hold") {
        return input.held.hold.status === "active"
          ? { name: "held", event: input.event, held: input.held }
          : {
              name: "hold-expired",
              event: input.event,
              quantities: heldQuantities(input.held.hold.items),
            };
      }
      return input.type === "order" ? orderState(input.order, input.paymentUrl) : state;
    case "ready": {
      const { event, quantities, waitlist } = state;
      switch (input.type) {
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
    case "held":
      if (input.type === "release")
        return ready(state.event, heldQuantities(state.held.hold.items));
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
      return input.type === "order" ? orderState(input.order) : state;
    default:
      return state;
  }
}
