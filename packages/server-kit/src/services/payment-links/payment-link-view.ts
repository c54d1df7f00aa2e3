import type { Actor, PaymentLink } from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import type { KitContext } from "../kit-context.js";
import { appendTimeline } from "../timeline/timeline.js";

/** A payment link as stored in `admit_payment_links`: the columns the rules read. */
export interface LinkRow {
  id: string;
  order_id: string;
  event_id: string;
  payment_id: string;
  reference: string;
  amount: number;
  currency: string;
  url: string;
  status: "active" | "cancelled";
  expires_at: Date;
}

/** A link with what its view shows besides: who made it, when, and its payment's and order's status. */
interface LinkViewRow extends LinkRow {
  created_by: Actor;
  cancelled_at: Date | null;
  created_at: Date;
  attempt_status: string;
  order_status: string;
  last_sent_at: Date | null;
  db_now: Date;
}

const LINK_VIEW = `select l.*, a.status as attempt_status, o.status as order_status, now() as db_now,
    (select max(t.at) from admit_timeline t where t.order_id = l.order_id
       and t.type = 'payment_link.sent' and t.data->>'linkId' = l.id) as last_sent_at
  from admit_payment_links l
  join admit_payment_attempts a on a.id = l.payment_id
  join admit_orders o on o.id = l.order_id`;

/**
 * A link's status as the back office reads it: `paid` once money came through it (even on a
 * link cancelled meanwhile), else `cancelled` (the link, or its order), else `expired` past its
 * expiry or with its order, else `active`.
 */
function linkStatus(row: LinkViewRow): PaymentLink["status"] {
  if (["captured", "partially_refunded", "refunded"].includes(row.attempt_status)) return "paid";
  if (row.status === "cancelled" || row.order_status === "cancelled") return "cancelled";
  if (row.expires_at <= row.db_now || row.order_status === "expired") return "expired";
  return "active";
}

function toPaymentLink(row: LinkViewRow): PaymentLink {
  return {
    id: row.id,
    orderId: row.order_id,
    url: row.url,
    amount: { amount: Number(row.amount), currency: row.currency },
    reference: row.reference,
    status: linkStatus(row),
    expiresAt: row.expires_at.toISOString(),
    paymentAttemptId: row.payment_id,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    ...(row.cancelled_at ? { cancelledAt: row.cancelled_at.toISOString() } : {}),
    ...(row.last_sent_at ? { lastSentAt: new Date(row.last_sent_at).toISOString() } : {}),
  };
}

/** The payment links of these orders, oldest first. */
export async function loadPaymentLinks(
  q: Queryable,
  orderIds: readonly string[],
): Promise<PaymentLink[]> {
  if (orderIds.length === 0) return [];
  const rows = await q.query<LinkViewRow>(
    `${LINK_VIEW} where l.order_id = any($1::text[]) order by l.created_at, l.id`,
    [orderIds],
  );
  return rows.map(toPaymentLink);
}

/** `GET /admin/payment-links/:linkId`. */
export async function getPaymentLink(q: Queryable, linkId: string): Promise<PaymentLink> {
  const [row] = await q.query<LinkViewRow>(`${LINK_VIEW} where l.id = $1`, [linkId]);
  if (!row) throw new AdmitError("not_found", `No payment link ${linkId}`);
  return toPaymentLink(row);
}

/**
 * `POST /admin/payment-links/:linkId/resend`: the kit sends no messages itself; the host (or its
 * CRM) sends the link and records each send here, with who sent it and to whom, as
 * `payment_link.sent` on the order's timeline. Only an `active` link can be sent (409
 * `order_not_payable` otherwise: make a new link).
 */
export async function resendPaymentLink(
  ctx: KitContext,
  linkId: string,
  input: { to?: string | undefined; channel?: string | undefined },
  actor: Actor,
): Promise<PaymentLink> {
  await ctx.store.transaction(async (tx) => {
    const link = await getPaymentLink(tx, linkId);
    if (link.status !== "active")
      throw new AdmitError(
        "order_not_payable",
        `The link is ${link.status}; create a new link for the order instead`,
        { linkStatus: link.status },
      );
    const [row] = await tx.query<{ event_id: string }>(
      "select event_id from admit_payment_links where id = $1",
      [linkId],
    );
    await appendTimeline(tx, {
      type: "payment_link.sent",
      actor,
      orderId: link.orderId,
      eventId: row!.event_id,
      data: {
        linkId,
        paymentId: link.paymentAttemptId,
        ...(input.to ? { to: input.to } : {}),
        ...(input.channel ? { channel: input.channel } : {}),
      },
    });
  });
  return getPaymentLink(ctx.store, linkId);
}
