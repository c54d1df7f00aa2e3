import { admitPlugin } from "@admit/server-kit/fastify";
import Fastify from "fastify";
import { admit, shutdown } from "./admit.js";

const port = Number(process.env.PORT ?? 3000);
const app = Fastify();
await app.register(admitPlugin, { prefix: "/admit", admit });
app.addHook("onClose", async () => shutdown());
await app.listen({ port, host: "127.0.0.1" });
console.log(`Admit (Fastify) at http://127.0.0.1:${port}/admit`);
process.once("SIGTERM", () => void app.close());
