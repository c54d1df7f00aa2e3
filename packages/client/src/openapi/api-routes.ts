import * as z from "zod/mini";
import { Health, Readiness } from "../contract/operations.js";
import { ADMIN_API_ROUTES } from "./admin-api-routes.js";
import { type ApiRoute, jsonAnswer as json } from "./api-route.js";
import { PUBLIC_API_ROUTES } from "./public-api-routes.js";
import { TICKET_KEY_API_ROUTES } from "./ticket-key-api-routes.js";

/** The outline of an OpenAPI document, for the answer of `GET /openapi.json`. */
const OpenApiDocumentShape = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** Health, readiness and this document: for operators and tools. */
const OPERATION_API_ROUTES: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/health",
    operationId: "getHealth",
    summary: "Liveness: the process answers. Never touches the database",
    access: "operations",
    answers: { 200: json("Alive", Health) },
    problems: [],
  },
  {
    method: "GET",
    path: "/ready",
    operationId: "getReadiness",
    summary:
      "Readiness: the database answers and its schema is current (the first call runs the kit's pending migrations)",
    access: "operations",
    answers: { 200: json("Ready for traffic", Readiness) },
    problems: ["not_ready"],
  },
  {
    method: "GET",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document, with `servers` set to the mount's URL",
    access: "public",
    answers: { 200: json("An OpenAPI 3.1 document", OpenApiDocumentShape) },
    problems: [],
  },
];

/**
 * Every route of the Admit HTTP API: the one list the OpenAPI document is generated from. The
 * server kit's route table is checked against it (same methods and paths, no more, no fewer).
 *
 * @example
 * import { API_ROUTES } from "@admit/client/openapi";
 * const adminPaths = API_ROUTES.filter((r) => r.access === "admin").map((r) => `${r.method} ${r.path}`);
 */
export const API_ROUTES: readonly ApiRoute[] = [
  ...PUBLIC_API_ROUTES,
  ...ADMIN_API_ROUTES,
  ...TICKET_KEY_API_ROUTES,
  ...OPERATION_API_ROUTES,
];
