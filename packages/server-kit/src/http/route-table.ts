import type { Actor } from "@admit/client/contract";
import * as z from "zod/mini";
import { AdmitError } from "../errors/admit-error.js";
import type { KitContext } from "../services/kit-context.js";
import type { ClientRateLimiter } from "./client-rate-limiter.js";
import type { EventViewCache } from "./event-view-cache.js";

/** Everything a route handler gets. */
export interface RouteContext {
  kit: KitContext;
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** The client's IP as the adapter saw it (per-client limits). */
  clientKey: string;
  /** Absolute base URL of the kit, without a trailing slash. */
  publicUrl: string;
  /** The `Authorization: Bearer` token, if any. */
  bearer: string | undefined;
  /** The admin hook's actor (admin routes only). */
  actor: Actor | undefined;
  limiter: ClientRateLimiter;
  /** This process's event views of the last second (see {@link EventViewCache}). */
  eventViews: EventViewCache;
  /**
   * Say that a read changed orders (a poll's provider lookup or expiry): seats may have come
   * back, so event views are rebuilt, and notifications the change left are delivered. Writes
   * (any method but GET) do both without asking.
   */
  changed(): void;
  /** Bring the schema up to date: the kit's one shared migration run (see `needsSchema`). */
  migrate(): Promise<void>;
}

/**
 * `public` routes answer CORS for allowed origins and are rate-limited; `admin` routes need the
 * host's `authorize` actor and never answer CORS; `webhook` routes are for providers only;
 * `operations` routes (health, readiness) are for load balancers and orchestrators: no CORS and
 * no rate limit, so a probe is never refused for sharing an IP with busy clients.
 */
export type RouteAccess = "public" | "admin" | "webhook" | "operations";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path with `:name` segments, relative to the mount point. */
  path: string;
  access: RouteAccess;
  /** Schemas of the path parameters; a value that does not match is an unknown id (404). */
  params?: Record<string, z.ZodMiniType>;
  handle(context: RouteContext): Promise<Response>;
  /**
   * `false`: the kit does not migrate the schema before the route runs (health must answer
   * without the database; readiness runs and reports the migration itself).
   */
  needsSchema?: false;
  /** The route can give seats back (release, cancel, refund, capacity): a success serves the waitlists. */
  freesSeats?: true;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * Find the route of `method` + `path`. Answers `undefined` when no route has the path and
 * `{ pathOnly }` when the path exists with other methods (preflights need its access).
 * A path parameter that fails its schema is an unknown id: 404, like any other.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): RouteMatch | { pathOnly: Route } | undefined {
  const segments = path.split("/").filter(Boolean);
  let pathOnly: Route | undefined;
  for (const route of routes) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i]!;
      if (!part.startsWith(":")) return part === segment;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      } catch {
        return false;
      }
    });
    if (!matches) continue;
    if (route.method !== method) {
      pathOnly ??= route;
      continue;
    }
    for (const [name, schema] of Object.entries(route.params ?? {}))
      if (!z.safeParse(schema, params[name]).success)
        throw new AdmitError("not_found", "Not found");
    return { route, params };
  }
  return pathOnly ? { pathOnly } : undefined;
}
