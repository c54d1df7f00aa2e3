// app/admit/[...path]/route.ts: the whole kit under /admit in a Next.js App Router app.
import { createAdmit, createPostgresStore } from "@admit/server-kit";
import { sandboxProvider } from "@admit/server-kit/sandbox";

const admit = createAdmit({
  store: createPostgresStore({ connectionString: process.env.DATABASE_URL! }),
  providers: [
    sandboxProvider({
      url: process.env.SANDBOX_URL!,
      apiKey: process.env.SANDBOX_API_KEY!,
      webhookSecret: process.env.SANDBOX_WEBHOOK_SECRET!,
    }),
  ],
  allowedOrigins: ["https://www.example.com"],
});

export const runtime = "nodejs"; // pg and node:crypto
export const dynamic = "force-dynamic"; // never cache an answer of the kit

function handle(request: Request): Promise<Response> {
  // The client's IP as your platform's proxy reports it (Vercel and most hosts set it);
  // trust this header only behind such a proxy, since a client can send it too.
  const clientIp = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return admit.handle(request, { basePath: "/admit", clientIp });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle; // CORS preflights for the widget on another origin
