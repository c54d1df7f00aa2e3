import type { RequestListener, Server } from "node:http";
import type { Admit } from "@admit/server-kit";
import { admitFrameworkErrors, admitPlugin } from "@admit/server-kit/fastify";
import Fastify, { type FastifyInstance } from "fastify";
import { readSiteAsset } from "../site/site-assets.js";
import { eventPageResponse } from "./event-page-route.js";

/**
 * The organizer's site on Fastify 5, the same routes as the Express host, with the kit
 * registered under `/admit`. `server` is an already listening Node server (see
 * `listenHostServer`); the instance is ready when this resolves.
 *
 * @example
 * const { listener } = await createFastifyHost(admit, host.server);
 * host.setListener(listener);
 */
export async function createFastifyHost(
  admit: Admit,
  server: Server,
): Promise<{ app: FastifyInstance; listener: RequestListener }> {
  let handler: RequestListener | undefined;
  const app = Fastify({
    // A URL under /admit that Fastify's router refuses still gets the kit's problem+json.
    frameworkErrors: admitFrameworkErrors("/admit"),
    // Fastify runs on the server that is already listening; it never calls listen() itself.
    serverFactory: (fastifyHandler) => {
      handler = fastifyHandler;
      return server;
    },
  });
  await app.register(admitPlugin, { prefix: "/admit", admit });
  app.get("/", async (request, reply) => {
    const page = eventPageResponse((request.query as Record<string, unknown>).event, "/admit");
    return reply.headers(page.headers).send(page.body);
  });
  for (const prefix of ["", "chunks/"]) {
    // `chunks/`: the widget's chunks, loaded by admit.js from beside itself.
    app.get<{ Params: { asset: string } }>(`/${prefix}:asset`, async (request, reply) => {
      const asset = await readSiteAsset(prefix + request.params.asset);
      if (!asset) return reply.callNotFound();
      return reply
        .type(asset.contentType)
        .header("cache-control", asset.cacheControl)
        .send(asset.body);
    });
  }
  await app.ready();
  return { app, listener: (req, res) => handler!(req, res) };
}
