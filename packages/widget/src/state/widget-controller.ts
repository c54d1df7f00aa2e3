import { isAdmitApiError, newIdempotencyKey } from "@admit/client";
import { AdmitErrorEvent, AdmitReadyEvent } from "../events/admit-events.js";
import type { ControllerOptions } from "./controller-options.js";
import type { FlowHost, OrderFlow } from "./order-flow.js";
import { problemOf } from "./problem-of.js";
import { withOnlyTiers } from "./tier-filter.js";
import { firstTransition, heldSeats } from "./widget-machine.js";
import type { WidgetInput, WidgetState } from "./widget-state.js";

export type { ControllerHost, ControllerOptions } from "./controller-options.js";

/** The steps after a hold, a chunk of their own (see `order-flow.ts`); loaded once. */
let flowModule: Promise<typeof import("./order-flow.js")> | undefined;
function loadFlow() {
  flowModule ??= import("./order-flow.js").catch((error: unknown) => {
    flowModule = undefined;
    throw error;
  });
  return flowModule;
}

/** The states of the first screen, whose effects the first script runs itself. */
const FIRST_STATES: ReadonlySet<WidgetState["name"]> = new Set([
  "loading",
  "error",
  "ready",
  "holding",
]);

/**
 * Runs the state machine's effects: calls the API, keeps the session, and emits host events.
 * All state changes go through `send` and `transition`. What the first screen needs (loading
 * the event, holding seats) is here; everything from a hold on (its timer, releasing, paying,
 * polling, the waitlist, resuming a saved session) is the order flow's, a chunk loaded while
 * the buyer chooses (`prefetch`).
 */
export class WidgetController {
  /** The current state. */
  state: WidgetState = { name: "loading" };
  private readonly life = new AbortController();
  private flow?: OrderFlow;
  /** The whole state machine, once the order flow's chunk has arrived. */
  private transition?: (state: WidgetState, input: WidgetInput) => WidgetState;
  /** The promo code the buyer applied (the promo field's chunk checked it); holds carry it. */
  private promoCode?: string;
  /** One idempotency key per buyer intent, kept while an unanswered attempt may be retried. */
  private readonly keys = new Map<string, string>();

  constructor(private readonly o: ControllerOptions) {}

  /** Loads the event, or resumes the saved hold or order. */
  start(): void {
    void this.load();
  }

  /** Stops timers and polling; late answers are then ignored. */
  stop(): void {
    this.life.abort();
    this.flow?.stop();
  }

  /** Loads the steps after a hold while the buyer chooses, so paying does not wait for them. */
  prefetch(): void {
    loadFlow().then(
      ({ transition }) => {
        this.transition = transition;
      },
      () => undefined,
    );
  }

  /** Runs `step` with the order flow: at once when loaded, else once its chunk has arrived. */
  private withFlow(step: (flow: OrderFlow) => void): void {
    if (this.flow) {
      step(this.flow);
      return;
    }
    loadFlow().then(
      ({ OrderFlow, transition }) => {
        if (this.life.signal.aborted) return;
        this.transition = transition;
        this.flow ??= new OrderFlow(this.port());
        step(this.flow);
      },
      (error: unknown) => this.fail(error, "load"),
    );
  }

  /** What the order flow may use of this controller. */
  private port(): FlowHost {
    return {
      o: this.o,
      signal: this.life.signal,
      send: (input) => this.send(input),
      attempt: (operation, intent, call) => this.attempt(operation, intent, call),
      key: (intent) => this.key(intent),
      fail: (error, operation) => this.fail(error, operation),
    };
  }

  /** Applies an intent or outcome and runs its effects. */
  readonly send = (input: WidgetInput): void => {
    if (this.life.signal.aborted) return;
    const before = this.state;
    const after = firstTransition(before, input) ?? this.transition?.(before, input);
    if (!after) {
      // A state from a hold on, before the order flow's chunk has arrived (it is prefetched
      // while the buyer chooses): applied once it has. Not through `withFlow`, whose failure
      // is an input too: offline, it would try again and again.
      loadFlow().then(({ transition }) => {
        this.transition = transition;
        this.send(input);
      }, console.error);
      return;
    }
    if (after === before) return;
    this.state = after;
    this.o.host.changed(after);
    this.effect(input, before, after);
  };

  private effect(input: WidgetInput, before: WidgetState, after: WidgetState): void {
    switch (input.type) {
      case "retry":
      case "start-over":
        this.flow?.stop();
        // The promo field starts afresh (a campaign's code is applied again from its attribute).
        this.promoCode = undefined;
        if (input.type === "start-over") this.o.store.write({});
        void this.load();
        return;
      case "reserve":
        if (after.name === "holding") void this.hold(after.quantities);
        return;
      case "loaded":
        this.o.host.emit(new AdmitReadyEvent(input.event));
        return;
      case "promo":
        this.promoCode = input.code;
        return;
      case "checkout":
      case "retry-payment": {
        // The payment window opens now, inside the buyer's click: browsers block later ones.
        const popup = this.o.checkout === "popup" ? this.o.host.openPopup() : null;
        this.withFlow((f) => f.pay(input, before, popup));
        return;
      }
    }
    if (
      input.type === "join-waitlist" ||
      !FIRST_STATES.has(before.name) ||
      !FIRST_STATES.has(after.name)
    ) {
      this.withFlow((f) => f.effect(input, before, after));
    }
  }

  private key(intent: string): string {
    const key = this.keys.get(intent) ?? newIdempotencyKey();
    this.keys.set(intent, key);
    return key;
  }

  /** Runs a call; on failure reports it and moves the machine on with its problem. */
  private async attempt<T>(
    operation: string,
    intent: string | null,
    call: (key?: string) => Promise<T>,
  ) {
    try {
      const result = await call(intent ? this.key(intent) : undefined);
      if (intent) this.keys.delete(intent);
      return result;
    } catch (error) {
      if (this.life.signal.aborted) return undefined;
      // A definite answer ends the intent; after a lost answer the same key is reused.
      if (intent && isAdmitApiError(error) && error.code !== "idempotency_in_progress") {
        this.keys.delete(intent);
      }
      this.fail(error, operation);
      return undefined;
    }
  }

  private async load(): Promise<void> {
    const { client, store, eventId } = this.o;
    const signal = this.life.signal;
    const saved = store.read();
    if (saved.order || saved.hold) {
      // Back from the payment page, or reloaded with seats held: the order flow resumes.
      this.withFlow((f) => void f.resume(saved));
      return;
    }
    const event = await this.attempt("load", null, () => client.getEvent(eventId, { signal }));
    if (event) this.send({ type: "loaded", event: withOnlyTiers(event, this.o.tiers) });
  }

  private fail(error: unknown, operation: string): void {
    if (this.life.signal.aborted) return;
    const problem = problemOf(error);
    this.o.host.emit(new AdmitErrorEvent(problem, operation));
    this.send({ type: "failed", problem });
  }

  private async hold(quantities: Readonly<Record<string, number>>): Promise<void> {
    const items = Object.entries(quantities)
      .filter(([, quantity]) => quantity > 0)
      .map(([tierId, quantity]) => ({ tierId, quantity }));
    const request = { eventId: this.o.eventId, items, promoCode: this.promoCode };
    const hold = await this.attempt("hold", `hold:${JSON.stringify(items)}`, (idempotencyKey) =>
      this.o.client.createHold(request, { signal: this.life.signal, idempotencyKey }),
    );
    if (!hold) return;
    this.o.store.write({ hold: { id: hold.id, token: hold.token } });
    this.send({ type: "held", held: heldSeats(hold) });
  }
}
