import type { Health, Readiness } from "@admit/client/contract";
import { createOpenApiDocument, type OpenApiDocument } from "@admit/client/openapi";
import { AdmitError } from "../errors/admit-error.js";
import { MIGRATIONS } from "../store/migrations.js";
import { jsonResponse } from "./problem-response.js";
import type { Route } from "./route-table.js";

/**
 * How long readiness waits for the database. A database that does not answer (a dropped
 * packet, not a refused connection) would otherwise hold every probe until the orchestrator's
 * own timeout, and the probes would pile up.
 */
const READY_TIMEOUT_MS = 5_000;
const LATEST_MIGRATION = Math.max(...MIGRATIONS.map((m) => m.version));

function notReady(detail: string, extra: Record<string, unknown> = {}, cause?: unknown) {
  return new AdmitError("not_ready", detail, extra, { cause, retryAfterSeconds: 5 });
}

/** `work`, or a rejection once `ms` have passed (the work itself is not stopped). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

let document: OpenApiDocument | undefined;

/**
 * Routes for operating the kit: liveness (`GET /health`, never touches the database),
 * readiness (`GET /ready`, the database answers and every migration the kit knows is applied)
 * and the OpenAPI document of the API (`GET /openapi.json`, with the mount's URL as server).
 */
export const OPERATION_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/health",
    access: "operations",
    needsSchema: false,
    handle: async () => jsonResponse({ status: "ok" } satisfies Health),
  },
  {
    method: "GET",
    path: "/ready",
    access: "operations",
    needsSchema: false,
    // Runs the kit's pending migrations (the same single run a first request would start), so
    // a deployment that sends no traffic before it is ready still becomes ready; then reads
    // what is applied each time, so a schema that fell behind is reported, not remembered.
    async handle(rc) {
      let applied: Set<number>;
      try {
        const check = async () => {
          await rc.migrate();
          return rc.kit.store.query<{ version: number }>("select version from admit_migrations");
        };
        const rows = await within(check(), READY_TIMEOUT_MS);
        applied = new Set(rows.map((row) => Number(row.version)));
      } catch (error) {
        throw notReady("The database did not answer, or its migrations failed", {}, error);
      }
      const missing = MIGRATIONS.map((m) => m.version).filter((v) => !applied.has(v));
      if (missing.length > 0)
        throw notReady(
          `The database lacks migrations ${missing.join(", ")}; run admit.migrate() or migrate(store)`,
          { missingMigrations: missing },
        );
      return jsonResponse({ status: "ready", schemaVersion: LATEST_MIGRATION } satisfies Readiness);
    },
  },
  {
    method: "GET",
    path: "/openapi.json",
    access: "public",
    needsSchema: false,
    handle: async (rc) => {
      document ??= createOpenApiDocument();
      return jsonResponse({
        ...document,
        servers: [{ url: rc.publicUrl, description: "This kit" }],
      } satisfies OpenApiDocument);
    },
  },
];
