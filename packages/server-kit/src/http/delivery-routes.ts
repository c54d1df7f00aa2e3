import { DownloadQuery, OrderId, type OrderReceipt } from "@admit/client/contract";
import { AdmitError } from "../errors/admit-error.js";
import {
  assertDeliverable,
  buildReceipt,
  getReceipt,
  loadOrderForBuyer,
  type ReceiptData,
} from "../services/orders/order-receipt.js";
import { renderCalendar } from "../services/tickets/ticket-calendar.js";
import { renderTicketsPdf } from "../services/tickets/ticket-pdf.js";
import { renderWalletPasses } from "../services/tickets/wallet-pass.js";
import { jsonResponse } from "./problem-response.js";
import type { Route, RouteContext } from "./route-table.js";
import { validate } from "./validate.js";

/**
 * A download of the buyer's: the token from `Authorization: Bearer` or, for links that cannot
 * send a header, `?token=` (the order token or the order's download token). Unknown order or
 * wrong token: 404; an order that is not paid or partially refunded: 409 `order_not_paid`.
 */
async function deliverable(rc: RouteContext): Promise<ReceiptData & { query: DownloadQuery }> {
  const query = validate(DownloadQuery, Object.fromEntries(rc.url.searchParams));
  const token = rc.bearer ?? query.token;
  const order = await loadOrderForBuyer(rc.kit.store, rc.params.orderId!, token, {
    download: true,
  });
  assertDeliverable(order);
  return { ...(await buildReceipt(rc.kit, order, rc.publicUrl)), query };
}

/**
 * A file to download, private to its buyer: never cached (`private, no-store`), and the page
 * it is opened from leaks no token-carrying URL onwards (`no-referrer`).
 */
function fileResponse(body: Uint8Array | string, contentType: string, fileName: string): Response {
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  });
}

/** A file of the buyer's: its bytes or text, media type and name. */
interface DeliveredFile {
  body: Uint8Array | string;
  contentType: string;
  fileName: string;
}

/** `GET /orders/:orderId/<file>`: a download of a deliverable order, rendered from its receipt. */
function download(
  file: string,
  render: (rc: RouteContext, receipt: OrderReceipt, query: DownloadQuery) => Promise<DeliveredFile>,
  options: { available?: (rc: RouteContext) => boolean } = {},
): Route {
  return {
    method: "GET",
    path: `/orders/:orderId/${file}`,
    access: "public",
    params: { orderId: OrderId },
    async handle(rc) {
      if (options.available && !options.available(rc))
        throw new AdmitError("not_found", `${file} is not configured`);
      const { receipt, query } = await deliverable(rc);
      const delivered = await render(rc, receipt, query);
      return fileResponse(delivered.body, delivered.contentType, delivered.fileName);
    },
  };
}

/** The buyer's receipt and downloads (order token; downloads also by `?token=`). */
export const DELIVERY_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/orders/:orderId/receipt",
    access: "public",
    params: { orderId: OrderId },
    handle: async (rc) =>
      jsonResponse(await getReceipt(rc.kit, rc.params.orderId!, rc.bearer, rc.publicUrl), 200, {
        "referrer-policy": "no-referrer",
      }),
  },
  download("tickets.pdf", async (_rc, receipt, query) => ({
    body: await renderTicketsPdf(receipt, { locale: query.locale ?? "en" }),
    contentType: "application/pdf",
    fileName: `tickets-${receipt.orderNumber}.pdf`,
  })),
  download("calendar.ics", async (rc, receipt) => ({
    body: renderCalendar(receipt, { now: rc.kit.options.clock() }),
    contentType: "text/calendar; charset=utf-8",
    fileName: `event-${receipt.orderNumber}.ics`,
  })),
  download(
    "wallet.pkpass",
    (rc, receipt) => renderWalletPasses(receipt, rc.kit.options.appleWallet!),
    {
      // Not configured: the route answers like an unknown one.
      available: (rc) => rc.kit.options.appleWallet !== undefined,
    },
  ),
];
