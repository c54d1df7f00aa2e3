import { Readable } from "node:stream";
import express, { type Request as ExpressRequest, type Router } from "express";
import type { Admit } from "../create-admit.js";
import { toFetchHeaders } from "./fetch-headers.js";

/**
 * An Express 5 router that hands every request to the kit. It reads the raw body itself
 * (webhooks are verified over the exact bytes), so mount it before any body parser, or on a
 * path no body parser sees. The mount path is stripped from what the kit sees.
 *
 * @example
 * const app = express();
 * app.set("trust proxy", 1); // when behind a proxy, so req.ip is the client's
 * app.use("/admit", admitRouter(admit));
 */
export function admitRouter(admit: Admit): Router {
  const router = express.Router();
  router.use(async (req, res, next) => {
    try {
      const response = await admit.handle(toFetchRequest(req), {
        ...(req.ip ? { clientIp: req.ip } : {}),
        basePath: req.baseUrl,
      });
      res.status(response.status);
      for (const [name, value] of response.headers)
        if (name !== "set-cookie") res.setHeader(name, value);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function toFetchRequest(req: ExpressRequest): Request {
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  const method = req.method.toUpperCase();
  const init: RequestInit & { duplex?: "half" } = { method, headers: toFetchHeaders(req.headers) };
  if (method !== "GET" && method !== "HEAD") {
    // A body parser mounted earlier may have consumed the stream; raw Buffers are still exact.
    if (Buffer.isBuffer(req.body)) init.body = new Uint8Array(req.body);
    else if (typeof req.body === "string") init.body = req.body;
    else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = "half";
    }
  }
  return new Request(url, init);
}
