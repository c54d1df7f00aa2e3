import {
  PaymentLinkId,
  PaymentLinkRequest,
  PaymentLinkResendRequest,
} from "@admit/client/contract";
import { getPaymentLink, resendPaymentLink } from "../services/payment-links/payment-link-view.js";
import { cancelPaymentLink, createPaymentLink } from "../services/payment-links/payment-links.js";
import { idempotentJsonRoute } from "./idempotency.js";
import { jsonResponse } from "./problem-response.js";
import type { Route } from "./route-table.js";

/**
 * Payment links: orders a manager or CRM creates, paid on the provider's page. Creating one
 * takes an `Idempotency-Key` (the admin client sends one), so a retried request answers the
 * same link instead of issuing a second one. The rules are in `services/payment-links/payment-links.ts`.
 */
export const PAYMENT_LINK_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/admin/payment-links",
    access: "admin",
    handle: (rc) =>
      idempotentJsonRoute(rc, PaymentLinkRequest, async (input) =>
        jsonResponse(await createPaymentLink(rc.kit, input, rc.actor!, rc.publicUrl), 201),
      ),
  },
  {
    method: "GET",
    path: "/admin/payment-links/:linkId",
    access: "admin",
    params: { linkId: PaymentLinkId },
    handle: async (rc) => jsonResponse(await getPaymentLink(rc.kit.store, rc.params.linkId!)),
  },
  {
    method: "POST",
    path: "/admin/payment-links/:linkId/resend",
    access: "admin",
    params: { linkId: PaymentLinkId },
    // 200: a send is recorded on the order's timeline; the answer is the link.
    handle: (rc) =>
      idempotentJsonRoute(rc, PaymentLinkResendRequest, async (input) =>
        jsonResponse(await resendPaymentLink(rc.kit, rc.params.linkId!, input, rc.actor!)),
      ),
  },
  {
    method: "DELETE",
    path: "/admin/payment-links/:linkId",
    access: "admin",
    params: { linkId: PaymentLinkId },
    freesSeats: true,
    async handle(rc) {
      await cancelPaymentLink(rc.kit, rc.params.linkId!, rc.actor!);
      return new Response(null, { status: 204 });
    },
  },
];
