import {
  AttendeeChangeRequest,
  CheckInRequest,
  EventInput,
  ORDER_CSV_COLUMNS,
  OrderId,
  OrderListQuery,
  Slug,
  TicketId,
  WaitlistListQuery,
} from "@admit/client/contract";
import { upsertEvent } from "../services/events/event-admin.js";
import { ensureSigningKey } from "../services/events/ticket-keys.js";
import { getAdminOrder, getOrderTimeline, listOrders } from "../services/orders/admin-orders.js";
import { orderCsvBatches } from "../services/orders/order-csv.js";
import { changeAttendee, checkIn } from "../services/tickets/tickets.js";
import { listWaitlist } from "../services/waitlist/waitlist-admin.js";
import { csvResponse, wantsCsv } from "./csv-response.js";
import { idempotentJsonRoute } from "./idempotency.js";
import { jsonResponse } from "./problem-response.js";
import { parseJsonBody, readBody } from "./request-body.js";
import type { Route } from "./route-table.js";
import { validate } from "./validate.js";

/**
 * Back-office routes: events, orders and their timeline, door check-in and attendee changes.
 * The handler runs only after the host's `authorize` hook named an actor, which goes on the
 * timeline. Check-in and attendee changes take an `Idempotency-Key` (the admin client sends
 * one), so a retried scan or correction answers the first result instead of happening twice.
 * Refunds, cancellations and `resolve` are in `admin-order-routes.ts`, payment links in
 * `payment-link-routes.ts`, reconciliation in `reconciliation-routes.ts`.
 */
export const ADMIN_ROUTES: readonly Route[] = [
  {
    method: "PUT",
    path: "/admin/events/:eventId",
    access: "admin",
    params: { eventId: Slug },
    freesSeats: true,
    async handle(rc) {
      const body = await readBody(rc.request, rc.kit.options.maxBodyBytes);
      const input = parseJsonBody(rc.request, body, EventInput);
      const signing = rc.kit.options.signedTicketCodes;
      const { event, created } = await rc.kit.store.transaction(async (tx) => {
        const upserted = await upsertEvent(tx, rc.params.eventId!, input, rc.actor!);
        // Its signing key exists before the first sale, so scanners can sync it early.
        if (signing) await ensureSigningKey(tx, signing, rc.params.eventId!);
        return upserted;
      });
      return jsonResponse(event, created ? 201 : 200);
    },
  },
  {
    method: "GET",
    path: "/admin/orders",
    access: "admin",
    async handle(rc) {
      const query = validate(OrderListQuery, Object.fromEntries(rc.url.searchParams));
      if (query.format === "csv" || (query.format === undefined && wantsCsv(rc)))
        return csvResponse("orders.csv", ORDER_CSV_COLUMNS, orderCsvBatches(rc.kit.store, query));
      return jsonResponse(await listOrders(rc.kit.store, query));
    },
  },
  {
    method: "GET",
    path: "/admin/orders/:orderId",
    access: "admin",
    params: { orderId: OrderId },
    handle: async (rc) => jsonResponse(await getAdminOrder(rc.kit.store, rc.params.orderId!)),
  },
  {
    method: "GET",
    path: "/admin/orders/:orderId/timeline",
    access: "admin",
    params: { orderId: OrderId },
    handle: async (rc) => jsonResponse(await getOrderTimeline(rc.kit.store, rc.params.orderId!)),
  },
  {
    method: "GET",
    path: "/admin/waitlist",
    access: "admin",
    async handle(rc) {
      const query = validate(WaitlistListQuery, Object.fromEntries(rc.url.searchParams));
      return jsonResponse(await listWaitlist(rc.kit.store, query));
    },
  },
  {
    method: "POST",
    path: "/admin/check-ins",
    access: "admin",
    // 200, not 201: a check-in answers the existing ticket, it creates nothing with its own URL.
    handle: (rc) =>
      idempotentJsonRoute(rc, CheckInRequest, async (input) =>
        jsonResponse(await checkIn(rc.kit, input.code, rc.actor!)),
      ),
  },
  {
    method: "PATCH",
    path: "/admin/tickets/:ticketId/attendee",
    access: "admin",
    params: { ticketId: TicketId },
    handle: (rc) =>
      idempotentJsonRoute(rc, AttendeeChangeRequest, async (input) =>
        jsonResponse(await changeAttendee(rc.kit, rc.params.ticketId!, input, rc.actor!)),
      ),
  },
];
