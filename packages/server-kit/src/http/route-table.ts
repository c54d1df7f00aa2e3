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
  // Only the routes with as many segments, in table order (the first match wins, as before).
  for (const { route, pattern, params: paramNames } of compiled(routes)[segments.length] ?? []) {
    let matches = true;
    for (let i = 0; i < pattern.length; i++) {
      const part = pattern[i]!;
      if (part !== null && part !== segments[i]) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    const params: Record<string, string> = {};
    for (const [i, name] of paramNames) {
      try {
        params[name] = decodeURIComponent(segments[i]!);
      } catch {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (route.method !== method) {
      pathOnly ??= route;
      continue;
    }
    if (route.params)
      for (const name in route.params)
        if (!z.safeParse(route.params[name]!, params[name]).success)
          throw new AdmitError("not_found", "Not found");
    return { route, params };
  }
  return pathOnly ? { pathOnly } : undefined;
}

interface CompiledRoute {
  route: Route;
  /** Each segment of the path: the literal to equal, or `null` for a `:name` parameter. */
  pattern: (string | null)[];
  /** The parameters' segment positions and names. */
  params: [number, string][];
}

// Each table's routes split once, grouped by segment count (tables are built once, at load).
const compiledTables = new WeakMap<readonly Route[], CompiledRoute[][]>();

function compiled(routes: readonly Route[]): CompiledRoute[][] {
  let table = compiledTables.get(routes);
  if (!table) {
    table = [];
    for (const route of routes) {
      const parts = route.path.split("/").filter(Boolean);
      const entry: CompiledRoute = {
        route,
        pattern: parts.map((part) => (part.startsWith(":") ? null : part)),
        params: parts.flatMap((part, i): [number, string][] =>
          part.startsWith(":") ? [[i, part.slice(1)]] : [],
        ),
      };
      const sameLength = table[parts.length] ?? [];
      sameLength.push(entry);
      table[parts.length] = sameLength;
    }
    compiledTables.set(routes, table);
  }
  return table;
}
