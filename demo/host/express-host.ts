import type { Admit } from "@admit/server-kit";
import { admitRouter } from "@admit/server-kit/express";
import express, { type Express } from "express";
import { readSiteAsset } from "../site/site-assets.js";
import { eventPageResponse } from "./event-page-route.js";

/**
 * The organizer's site on Express 5: the event page, its two static files, and the kit mounted
 * at `/admit` exactly as the README tells a host to do it.
 *
 * @example
 * const app = createExpressHost(admit);
 * app.listen(3000);
 */
export function createExpressHost(admit: Admit): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use("/admit", admitRouter(admit));
  app.get("/", (req, res) => {
    const page = eventPageResponse(req.query.event, "/admit");
    res.set(page.headers).send(page.body);
  });
  app.get("/:asset", async (req, res, next) => {
    try {
      const asset = await readSiteAsset(req.params.asset);
      if (!asset) return next();
      res.type(asset.contentType).send(asset.body);
    } catch (error) {
      next(error);
    }
  });
  return app;
}
