import * as z from "zod/mini";
import { text } from "./primitives.js";

/**
 * The query of the buyer's downloads (`/orders/:orderId/tickets.pdf`, `/calendar.ics`,
 * `/wallet.pkpass`): a link in an e-mail or an `<a download>` cannot send an
 * `Authorization` header, so the token may come as `?token=` instead.
 */
export const DownloadQuery = z.object({
  /** The order token, or the order's download token (the receipt's links carry it). */
  token: z.optional(/* @__PURE__ */ text().check(z.maxLength(200))),
  /** The language of the tickets PDF's labels and dates. @default en */
  locale: z.optional(z.enum(["en", "de"])),
});
export type DownloadQuery = z.input<typeof DownloadQuery>;
