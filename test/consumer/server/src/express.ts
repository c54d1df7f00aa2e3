import { admitRouter } from "@admit/server-kit/express";
import express from "express";
import { admit, shutdown } from "./admit.js";

const port = Number(process.env.PORT ?? 3000);
const app = express();
app.set("trust proxy", 1); // behind a proxy, so req.ip is the client's (per-client limits)
// Before any body parser: the kit reads the raw body itself, so webhook signatures hold.
app.use("/admit", admitRouter(admit));
const server = app.listen(port, "127.0.0.1", () => {
  console.log(`Admit (Express) at http://127.0.0.1:${port}/admit`);
});
process.once("SIGTERM", () => server.close(() => void shutdown()));
