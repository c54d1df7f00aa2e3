import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { admit, shutdown } from "./admit.js";

const port = Number(process.env.PORT ?? 3000);
const app = new Hono();
// Any Fetch API framework: hand the kit the Request, with the mount path and the client's IP.
app.all("/admit/*", (c) =>
  admit.handle(c.req.raw, { basePath: "/admit", clientIp: getConnInfo(c).remote.address }),
);
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => {
  console.log(`Admit (Hono) at http://127.0.0.1:${port}/admit`);
});
process.once("SIGTERM", () => server.close(() => void shutdown()));
