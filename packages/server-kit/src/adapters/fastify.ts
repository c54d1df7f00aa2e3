import { Readable } from "node:stream";
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Admit } from "../create-admit.js";
import { AdmitError, isAdmitError } from "../errors/admit-error.js";
import { internalErrorResponse, problemResponse } from "../http/problem-response.js";
import { toFetchRequest } from "./fetch-request.js";
import { nodeAnswerBody } from "./node-answer.js";
import { type NodeBody, nodeBody } from "./node-body.js";

/** Options of {@link admitPlugin}. */
export interface AdmitPluginOptions {
  admit: Admit;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

const plugin: FastifyPluginAsync<AdmitPluginOptions> = async (instance, options) => {
  const { admit } = options;
  // Inside this plugin only (it is encapsulated): hand the kit the untouched body stream, so
  // webhooks are verified over the exact raw bytes and the kit applies its own size limit.
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    let body: NodeBody | undefined;
    try {
      const method = request.method.toUpperCase();
      if (method !== "GET" && method !== "HEAD")
        body = nodeBody(request.raw, request.body instanceof Readable ? request.body : request.raw);
      const fetchRequest = toFetchRequest({
        method,
        protocol: request.protocol,
        host: request.host,
        target: request.raw.url ?? request.url,
        headers: request.headers,
        basePath: instance.prefix,
        body: body?.stream,
      });
      return await send(
        reply,
        await admit.handle(fetchRequest, { clientIp: request.ip, basePath: instance.prefix }),
      );
    } catch (error) {
      return await sendError(reply, error);
    } finally {
      body?.release();
    }
  };

  async function sendError(reply: FastifyReply, error: unknown) {
    if (isAdmitError(error)) return send(reply, problemResponse(error));
    admit.reportError(error);
    return send(reply, internalErrorResponse());
  }

  // What Fastify itself refuses inside the prefix still answers in the kit's format.
  instance.setErrorHandler(async (error, request, reply) => {
    // A Content-Type Fastify cannot parse (`application/`, `json`, a list): the kit reads the
    // body itself and answers exactly as it would under Express.
    if ((error as { code?: string }).code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return handler(request, reply);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 404) return sendError(reply, new AdmitError("not_found", "No such route"));
    if (status >= 400 && status < 500)
      return sendError(
        reply,
        new AdmitError("invalid_request", "The request could not be read", {
          errors: [{ path: "", message: "send a well-formed HTTP request" }],
        }),
      );
    return sendError(reply, error);
  });
  instance.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new AdmitError("not_found", `No route ${request.method} ${request.url.split("?")[0]}`),
    ),
  );
  for (const url of ["/", "/*"])
    instance.route({ method: METHODS, url, handler, exposeHeadRoute: false });
};

async function send(reply: FastifyReply, response: Response) {
  reply.code(response.status);
  for (const [name, value] of response.headers)
    if (name !== "set-cookie") reply.header(name, value);
  return reply.send(await nodeAnswerBody(response));
}

/**
 * A Fastify 5 plugin that hands every request under its prefix to the kit, keeping the raw body
 * for webhooks. Encapsulated: its body handling, error and not-found handlers do not leak into
 * the host's other routes. Every answer under the prefix is the kit's `application/problem+json`,
 * including what Fastify refuses itself (a malformed Content-Type, an unknown method).
 *
 * @example
 * await app.register(admitPlugin, { prefix: "/admit", admit });
 */
export const admitPlugin = fp(plugin, {
  fastify: "5.x",
  name: "@admit/server-kit",
  encapsulate: true,
});

/**
 * For Fastify's root `frameworkErrors` option: a URL under `prefix` that Fastify's router
 * refuses before any route (malformed percent-encoding, `FST_ERR_BAD_URL`) answers the kit's
 * 404 `not_found` problem+json, as the same URL gets under Express. Other paths keep `fallback`,
 * or Fastify's own answer. A plugin cannot set this itself: the router refuses such a URL
 * before it knows which plugin it belongs to.
 *
 * @example
 * const app = Fastify({ frameworkErrors: admitFrameworkErrors("/admit") });
 * await app.register(admitPlugin, { prefix: "/admit", admit });
 */
export function admitFrameworkErrors(
  prefix: string,
  fallback?: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void,
) {
  const base = prefix.replace(/\/+$/, "").toLowerCase();
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    // The path of an origin-form or absolute-form (`http://host/admit/…`) target.
    const target = (request.raw.url ?? "").replace(/^https?:\/\/[^/?#]*/i, "");
    const path = target.split("?")[0]!.toLowerCase();
    if (path === base || path.startsWith(`${base}/`)) {
      void send(
        reply,
        problemResponse(
          new AdmitError("not_found", "No route for a path with malformed percent-encoding"),
        ),
      );
      return;
    }
    if (fallback) fallback(error, request, reply);
    else reply.code(error.statusCode ?? 400).send(error);
  };
}
