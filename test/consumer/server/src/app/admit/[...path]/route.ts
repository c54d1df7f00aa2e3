// src/app/admit/[...path]/route.ts: the kit under /admit in a Next.js app (App Router).
import { admit } from "../../../admit.js";

export const runtime = "nodejs"; // the kit needs Node: pg, node:crypto, PGlite
export const dynamic = "force-dynamic";

function handle(request: Request): Promise<Response> {
  // Behind a proxy that sets it (Vercel does), the first x-forwarded-for entry is the client.
  const clientIp = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return admit.handle(request, { basePath: "/admit", clientIp });
}

export {
  handle as DELETE,
  handle as GET,
  handle as OPTIONS,
  handle as PATCH,
  handle as POST,
  handle as PUT,
};
