/**
 * The OpenAPI 3.1 document of the Admit HTTP API, generated from the contract: `API_ROUTES`
 * (every route, with its schemas) and `createOpenApiDocument()`. A subpath of its own, so the
 * widget's bundle never carries it. The generated document is also shipped as
 * `@admit/client/openapi.json`.
 * @module
 */
export type { ApiAccess, ApiAnswer, ApiCsvAnswer, ApiRoute } from "./api-route.js";
export { API_ROUTES } from "./api-routes.js";
export {
  createOpenApiDocument,
  type OpenApiDocument,
  type OpenApiDocumentOptions,
} from "./create-openapi-document.js";
