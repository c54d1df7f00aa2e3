import {
  type AdminOrder,
  CancelRequest,
  OrderId,
  RefundRequest,
  ResolveRequest,
} from "@admit/client/contract";
import type * as z from "zod/mini";
import { resolveOrder } from "../services/orders/order-resolution.js";
import { cancelOrder, getCancellation } from "../services/refunds/cancellation.js";
import { refundOrder } from "../services/refunds/refunds.js";
import { idempotencyKey, idempotentJsonRoute } from "./idempotency.js";
import { jsonResponse } from "./problem-response.js";
import type { Route, RouteContext } from "./route-table.js";

/**
 * An admin write on one order: validated body, run once per `Idempotency-Key` (the key also
 * names the refund it makes, so a retry after a provider failure refunds once), answering the
 * updated `AdminOrder` with 200 (the order is what changed; it has its own URL already).
 */
function orderChange<S extends z.ZodMiniType>(
  path: string,
  schema: S,
  change: (rc: RouteContext, input: z.output<S>, key: string) => Promise<AdminOrder>,
): Route {
  return {
    method: "POST",
    path,
    access: "admin",
    params: { orderId: OrderId },
    freesSeats: true,
    handle: (rc) =>
      // Leased: these commit a pending refund before asking the provider, and settle it after
      // (the order's lock is not held while the provider, or its webhook, runs).
      idempotentJsonRoute(
        rc,
        schema,
        async (input) => jsonResponse(await change(rc, input, idempotencyKey(rc.request))),
        { leased: true },
      ),
  };
}

/**
 * Back-office routes that move an order's money and tickets: refunds, `resolve` of
 * `manual_review`, and cancellation. The rules are in the services (`refunds.ts`,
 * `order-resolution.ts`, `cancellation.ts`); the admin actor goes on every timeline entry.
 */
export const ADMIN_ORDER_ROUTES: readonly Route[] = [
  orderChange("/admin/orders/:orderId/refunds", RefundRequest, (rc, input, key) =>
    refundOrder(rc.kit, rc.params.orderId!, input, rc.actor!, key),
  ),
  orderChange("/admin/orders/:orderId/resolve", ResolveRequest, (rc, input, key) =>
    resolveOrder(rc.kit, rc.params.orderId!, input, rc.actor!, key),
  ),
  orderChange("/admin/orders/:orderId/cancel", CancelRequest, (rc, input, key) =>
    cancelOrder(rc.kit, rc.params.orderId!, input, rc.actor!, key),
  ),
  {
    method: "GET",
    path: "/admin/orders/:orderId/cancellation",
    access: "admin",
    params: { orderId: OrderId },
    handle: async (rc) => jsonResponse(await getCancellation(rc.kit, rc.params.orderId!)),
  },
];
