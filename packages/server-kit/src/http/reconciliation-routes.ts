import { Slug } from "@admit/client/contract";
import { getReconciliation } from "../services/reconciliation.js";
import { jsonResponse } from "./problem-response.js";
import type { Route } from "./route-table.js";

/**
 * `GET /admin/events/:eventId/reconciliation`: sold vs entered vs refunded vs what the providers
 * say. It asks the providers live (one lookup per payment attempt of the event), so it is a
 * back-office report, not something to poll.
 */
export const RECONCILIATION_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/admin/events/:eventId/reconciliation",
    access: "admin",
    params: { eventId: Slug },
    handle: async (rc) => jsonResponse(await getReconciliation(rc.kit, rc.params.eventId!)),
  },
];
