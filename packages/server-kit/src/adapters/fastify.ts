import { Readable } from "node:stream";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Admit } from "../create-admit.js";
import { toFetchHeaders } from "./fetch-headers.js";

/** Options of {@link admitPlugin}. */
export interface AdmitPluginOptions {
  admit: Admit;
}

const plugin: FastifyPluginAsync<AdmitPluginOptions> = async (instance, options) => {
  const { admit } = options;
  // Inside this plugin only (it is encapsulated): hand the kit the untouched body stream, so
  // webhooks are verified over the exact raw bytes and the kit applies its own size limit.
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const method = request.method.toUpperCase();
    const init: RequestInit & { duplex?: "half" } = {
      method,
      headers: toFetchHeaders(request.headers),
    };
    if (method !== "GET" && method !== "HEAD") {
      init.body =
        request.body instanceof Readable
          ? (Readable.toWeb(request.body) as ReadableStream<Uint8Array>)
          : (Readable.toWeb(request.raw) as ReadableStream<Uint8Array>);
      init.duplex = "half";
    }
    const url = `${request.protocol}://${request.host}${request.raw.url ?? request.url}`;
    const response = await admit.handle(new Request(url, init), {
      clientIp: request.ip,
      basePath: instance.prefix,
    });
    reply.code(response.status);
    for (const [name, value] of response.headers)
      if (name !== "set-cookie") reply.header(name, value);
    return reply.send(Buffer.from(await response.arrayBuffer()));
  };
  instance.route({
    method: ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
    url: "/",
    handler,
    exposeHeadRoute: false,
  });
  instance.route({
    method: ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
    url: "/*",
    handler,
    exposeHeadRoute: false,
  });
};

/**
 * A Fastify 5 plugin that hands every request under its prefix to the kit, keeping the raw body
 * for webhooks. Encapsulated: its body handling does not leak into the host's other routes.
 *
 * @example
 * await app.register(admitPlugin, { prefix: "/admit", admit });
 */
export const admitPlugin = fp(plugin, {
  fastify: "5.x",
  name: "@admit/server-kit",
  encapsulate: true,
});
