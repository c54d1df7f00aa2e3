import type {
  Answers,
  Checkout,
  Event,
  Hold,
  OrderReceipt,
  OrderStatus,
  ProblemCode,
  WaitlistEntry,
} from "@admit/client/contract";

/** What went wrong, as a code the locale turns into a human message. */
export type WidgetProblemCode = ProblemCode | "network" | "timeout" | "unknown";

/** Seats chosen per tier id. */
export type Quantities = Readonly<Record<string, number>>;

/** A hold plus the offset of the server's clock, so the countdown follows the server. */
export interface HeldSeats {
  readonly hold: Hold;
  /** `server now - client now` when the hold arrived, in milliseconds. */
  readonly skewMs: number;
}

/** The waitlist form of one sold-out tier, open in `ready`. */
export interface WaitlistDraft {
  readonly tierId: string;
  readonly pending: boolean;
  readonly problem?: WidgetProblemCode;
}

/** Where an order ended: its outcome screen. */
export interface OrderOutcomeState {
  readonly name: "paid" | "failed" | "expired" | "cancelled" | "manual-review";
  readonly order: OrderStatus;
  readonly problem?: WidgetProblemCode;
  /** Paid or failed: the order's receipt, once read (see `OrderFlow.receipt`). */
  readonly receipt?: OrderReceipt;
}

/**
 * Every state of the widget (see the design's state list). Each carries exactly the data its
 * screen needs; `waitlist-joined` is the one addition: the confirmation after joining a waitlist.
 */
export type WidgetState =
  | { readonly name: "loading" }
  | { readonly name: "error"; readonly problem: WidgetProblemCode }
  | {
      readonly name: "ready";
      readonly event: Event;
      readonly quantities: Quantities;
      readonly problem?: WidgetProblemCode;
      readonly waitlist?: WaitlistDraft;
    }
  | { readonly name: "holding"; readonly event: Event; readonly quantities: Quantities }
  | {
      readonly name: "held";
      readonly event: Event;
      readonly held: HeldSeats;
      readonly problem?: WidgetProblemCode;
    }
  | { readonly name: "hold-expired"; readonly event: Event; readonly quantities: Quantities }
  | {
      readonly name: "checking-out";
      /** Set when paying a new hold. */
      readonly event?: Event;
      readonly held?: HeldSeats;
      /** Set when retrying payment of a failed order. */
      readonly order?: OrderStatus;
    }
  | { readonly name: "redirecting"; readonly order: OrderStatus; readonly paymentUrl: string }
  | {
      readonly name: "confirming";
      readonly order: OrderStatus;
      /** The payment page, when known, so a buyer who has not paid yet can get back to it. */
      readonly paymentUrl?: string;
      /** Set while the payment page is open in the widget's popup. */
      readonly popup?: boolean;
    }
  | OrderOutcomeState
  | { readonly name: "waitlist-joined"; readonly event: Event; readonly entry: WaitlistEntry };

/** The name of a state, e.g. for `:state(held)` styling. */
export type WidgetStateName = WidgetState["name"];

/** What a buyer asks for; components send these to the state machine. */
export type WidgetIntent =
  | { readonly type: "retry" }
  | { readonly type: "set-quantity"; readonly tierId: string; readonly quantity: number }
  | { readonly type: "reserve" }
  | { readonly type: "release" }
  | {
      readonly type: "checkout";
      readonly buyer: { readonly name: string; readonly email: string };
      readonly attendees?: readonly {
        readonly tierId: string;
        readonly name: string;
        readonly answers?: Answers;
      }[];
      /** Answers to the event's order questions, by question id. */
      readonly answers?: Answers;
    }
  | { readonly type: "retry-payment" }
  | { readonly type: "open-waitlist"; readonly tierId: string }
  | { readonly type: "close-waitlist" }
  | {
      readonly type: "join-waitlist";
      readonly email: string;
      readonly name?: string;
      readonly quantity: number;
    }
  | { readonly type: "start-over" }
  /** A promo code the server accepted (or none, once removed): the event with the tiers it unlocks. */
  | { readonly type: "promo"; readonly event: Event; readonly code?: string };

/** What the outside world reports back: server answers, timers and the host's decisions. */
export type WidgetOutcome =
  | { readonly type: "loaded"; readonly event: Event }
  | { readonly type: "failed"; readonly problem: WidgetProblemCode }
  | { readonly type: "held"; readonly held: HeldSeats }
  | { readonly type: "resumed-hold"; readonly event: Event; readonly held: HeldSeats }
  | { readonly type: "hold-expired" }
  | { readonly type: "checkout-created"; readonly checkout: Checkout }
  /** The payment page is open elsewhere: in the widget's popup, or wherever the host put it. */
  | { readonly type: "payment-opened"; readonly popup: boolean }
  /** An order status from the server; on resume with the payment page it was sent to. */
  | { readonly type: "order"; readonly order: OrderStatus; readonly paymentUrl?: string }
  | { readonly type: "waitlist-joined"; readonly entry: WaitlistEntry }
  /** The receipt of the paid or failed order on screen. */
  | { readonly type: "receipt"; readonly receipt: OrderReceipt };

/** Every input of the state machine. */
export type WidgetInput = WidgetIntent | WidgetOutcome;
