import { PromoCodeCheck } from "../contract/promo.js";
import { path } from "../http/path.js";
import type { RequestOptions, Transport } from "../http/transport.js";

/** `GET /events/:eventId/promo-codes/:code`, loaded when a buyer first enters a code. */
export function checkPromoCode(
  send: Transport,
  eventId: string,
  code: string,
  o?: RequestOptions,
): Promise<PromoCodeCheck> {
  return send({
    method: "GET",
    path: path`/events/${eventId}/promo-codes/${code}`,
    answer: PromoCodeCheck,
    options: o,
  });
}
