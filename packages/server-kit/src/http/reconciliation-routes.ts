import { RECONCILIATION_CSV_COLUMNS, Slug } from "@admit/client/contract";
import { reconciliationCsvBatches } from "../services/reconciliation/reconciliation-csv.js";
import { getReconciliation } from "../services/reconciliation/reconciliation-report.js";
import { csvResponse, wantsCsv } from "./csv-response.js";
import { jsonResponse } from "./problem-response.js";
import type { Route } from "./route-table.js";

/**
 * `GET /admin/events/:eventId/reconciliation`: sold vs entered vs refunded vs what the providers
 * say; as CSV (`?format=csv` or `Accept: text/csv`), one row per payment, streamed. It asks the providers live (one lookup per payment attempt of the event), so it is a
 * back-office report, not something to poll.
 */
export const RECONCILIATION_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/admin/events/:eventId/reconciliation",
    access: "admin",
    params: { eventId: Slug },
    handle: async (rc) =>
      wantsCsv(rc)
        ? csvResponse(
            `reconciliation-${rc.params.eventId}.csv`,
            RECONCILIATION_CSV_COLUMNS,
            reconciliationCsvBatches(rc.kit, rc.params.eventId!),
          )
        : jsonResponse(await getReconciliation(rc.kit, rc.params.eventId!)),
  },
];
