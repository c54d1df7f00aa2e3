import { createAdmitClient } from "@admit/client";
import type { HoldRequest, OrderStatusCode } from "@admit/client/contract";
import { RETURN_PARAM, SessionStore } from "@admit/widget";
import type { HttpHandler } from "msw";
import type { MswApi } from "msw-storybook-addon";
import { createMockApi, type MockApiOptions } from "../../../test/mocks/mock-api.js";
import type { WidgetArgs } from "./widget-args.js";

interface ScenarioContext {
  msw: MswApi;
  args: WidgetArgs;
}

/**
 * A story's `beforeEach`: answers the widget with a fresh stateful mock of the HTTP contract,
 * set up with `options`. `overrides` win over the mock (msw uses the newest handler first),
 * e.g. a route that never answers so a transient state stays on screen.
 *
 * @example beforeEach: mockApi({ problems: { getEvent: "busy" } })
 */
export function mockApi(options: MockApiOptions = {}, ...overrides: HttpHandler[]) {
  return ({ msw }: ScenarioContext) => {
    msw.use(...createMockApi(options).handlers);
    if (overrides.length > 0) msw.use(...overrides);
  };
}

/** Every story starts as a first visit: no hold or order saved by an earlier story in this tab. */
export function firstVisit({ args }: ScenarioContext): void {
  new SessionStore(args.api, args.event).write({});
}

/**
 * A story's `beforeEach` for the states after the payment page: buys two Standard seats
 * through the contract (hold, then checkout, as the widget does before it leaves), keeps the
 * order token where the widget keeps it, and puts `admit_order=<id>` into the URL as the
 * server's return route does. The mock then reports `statuses`, one per poll. `items` are what
 * is bought (two Standard seats unless given).
 *
 * @example beforeEach: returnFromPayment(["pending_payment", "paid"])
 */
export function returnFromPayment(
  statuses: OrderStatusCode[],
  options: MockApiOptions = {},
  items: HoldRequest["items"] = [{ tierId: "standard", quantity: 2 }],
) {
  return async ({ msw, args }: ScenarioContext) => {
    msw.use(...createMockApi({ ...options, orderStatuses: statuses }).handlers);
    const client = createAdmitClient({ baseUrl: args.api });
    const hold = await client.createHold({ eventId: args.event, items });
    const { order, orderToken } = await client.checkout(hold.id, hold.token, {
      buyer: { name: "Ada Lovelace", email: "ada@example.com" },
      returnUrl: location.href,
    });
    const store = new SessionStore(args.api, args.event);
    store.write({ order: { id: order.id, token: orderToken } });
    const url = new URL(location.href);
    url.searchParams.set(RETURN_PARAM, order.id);
    history.replaceState(history.state, "", url.href);
    return () => {
      store.write({});
      const back = new URL(location.href);
      back.searchParams.delete(RETURN_PARAM);
      history.replaceState(history.state, "", back.href);
    };
  };
}
