import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import express, {
  type Request as ExpressRequest,
  type Response as ExpressResponse,
  type Router,
} from "express";
import type { Admit } from "../create-admit.js";
import { AdmitError, isAdmitError } from "../errors/admit-error.js";
import { internalErrorResponse, problemResponse } from "../http/problem-response.js";
import { toFetchRequest } from "./fetch-request.js";
import { nodeAnswerBody } from "./node-answer.js";
import { type NodeBody, nodeBody } from "./node-body.js";

/** What a host must change when its body parser got to the kit's requests first. */
export const CONSUMED_BODY_DETAIL =
  "A body parser (such as express.json()) read this request before Admit could: mount admitRouter before express.json(), or on a path no body parser sees";

/**
 * An Express 5 router that hands every request to the kit. It reads the raw body itself
 * (webhooks are verified over the exact bytes), so mount it before any body parser, or on a
 * path no body parser sees. The mount path is stripped from what the kit sees. Every answer
 * under the mount is the kit's `application/problem+json`, even for a bad Host or an error
 * nobody expected: nothing reaches Express's HTML error page.
 *
 * @example
 * const app = express();
 * app.set("trust proxy", 1); // when behind a proxy, so req.ip is the client's
 * app.use("/admit", admitRouter(admit));
 */
export function admitRouter(admit: Admit): Router {
  const router = express.Router();
  // Said once per router: the host's setup is wrong for every request, not for this one.
  let reportedConsumedBody = false;
  router.use(async (req, res) => {
    let body: NodeBody | undefined;
    try {
      const method = req.method.toUpperCase();
      let requestBody: NodeBody["stream"] | Uint8Array<ArrayBuffer> | string | undefined;
      if (method !== "GET" && method !== "HEAD") {
        // Raw Buffers and strings (express.raw(), express.text()) are still the exact bytes.
        if (Buffer.isBuffer(req.body)) requestBody = new Uint8Array(req.body);
        else if (typeof req.body === "string") requestBody = req.body;
        else if (req.body !== undefined || req.readableEnded || req.readableDidRead) {
          const error = new AdmitError("internal_error", CONSUMED_BODY_DETAIL);
          if (!reportedConsumedBody) {
            reportedConsumedBody = true;
            admit.reportError(error);
          }
          return await send(res, problemResponse(error));
        } else {
          body = nodeBody(req);
          requestBody = body.stream;
        }
      }
      const request = toFetchRequest({
        method,
        protocol: req.protocol,
        host: req.get("host"),
        target: req.originalUrl,
        headers: req.headers,
        basePath: req.baseUrl,
        body: requestBody,
      });
      await send(
        res,
        await admit.handle(request, {
          ...(req.ip ? { clientIp: req.ip } : {}),
          basePath: req.baseUrl,
        }),
      );
    } catch (error) {
      await sendError(admit, res, error);
    } finally {
      body?.release();
    }
  });
  // Errors Express itself raises inside the mount get the kit's format, not the HTML page.
  router.use(
    async (error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: () => void) => {
      await sendError(admit, res, error);
    },
  );
  return router;
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  if (res.destroyed) return; // the client went away: nobody to answer
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(response.status);
  for (const [name, value] of response.headers)
    if (name !== "set-cookie") res.setHeader(name, value);
  const body = await nodeAnswerBody(response);
  if (!(body instanceof Readable)) {
    res.end(body ?? undefined);
    return;
  }
  try {
    // A failure midway destroys the connection, so the client sees a cut answer, never a short
    // file that looks complete.
    await pipeline(body, res);
  } catch (error) {
    // The client closing the connection mid-answer is not the kit's failure.
    if ((error as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    throw error;
  }
}

async function sendError(admit: Admit, res: ExpressResponse, error: unknown): Promise<void> {
  if (isAdmitError(error)) return send(res, problemResponse(error));
  admit.reportError(error);
  return send(res, internalErrorResponse());
}
