import * as z from "zod/mini";

/** `GET /health`: the process answers (liveness). Says nothing about the database. */
export const Health = z.object({ status: z.literal("ok") });
export type Health = z.infer<typeof Health>;

/** `GET /ready`: the database answers and every migration the kit knows is applied. */
export const Readiness = z.object({
  status: z.literal("ready"),
  /** The newest migration version the kit knows, all of which the database has. */
  schemaVersion: z.int(),
});
export type Readiness = z.infer<typeof Readiness>;

/** `POST /webhooks/:provider`: the notification verified; `changed` says whether it changed an order. */
export const WebhookReceipt = z.object({ received: z.literal(true), changed: z.boolean() });
export type WebhookReceipt = z.infer<typeof WebhookReceipt>;
