import type { Admit } from "@admit/server-kit";
import { admitRouter } from "@admit/server-kit/express";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
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
  const sendAsset = (name: string) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const asset = await readSiteAsset(name.replace(":asset", String(req.params.asset)));
      if (!asset) return next();
      res.type(asset.contentType).set("cache-control", asset.cacheControl).send(asset.body);
    } catch (error) {
      next(error);
    }
  };
  app.get("/:asset", sendAsset(":asset"));
  // The widget's chunks, loaded by admit.js from beside itself.
  app.get("/chunks/:asset", sendAsset("chunks/:asset"));
  return app;
}
