import type { WaitlistListQuery, WaitlistPage } from "@admit/client/contract";
import type * as z from "zod/mini";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";

interface EntryRow {
  id: string;
  event_id: string;
  tier_id: string;
  email: string;
  name: string | null;
  quantity: number;
  status: WaitlistPage["items"][number]["status"];
  seq: string;
  position: number | null;
  order_id: string | null;
  order_status: NonNullable<WaitlistPage["items"][number]["offer"]>["orderStatus"] | null;
  order_expires_at: Date | null;
  link_id: string | null;
  link_url: string | null;
  created_at: Date;
  updated_at: Date;
}

// The cursor is the last entry's queue number: entries only ever join at the end.
function decodeCursor(cursor: string): string {
  const seq = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^\d{1,19}$/.test(seq))
    throw new AdmitError("invalid_request", "The cursor is not valid", {
      errors: [{ path: "cursor", message: "use nextCursor from a previous page" }],
    });
  return seq;
}

/**
 * `GET /admin/waitlist`: entries in queue order (first joined first), filtered by event, tier
 * and status, cursor-paginated like the order list. `position` is the place among the tier's
 * entries still waiting (the next offer goes to 1); an offered entry shows its order, the
 * order's payment link and the offer's expiry (the order's).
 */
export async function listWaitlist(
  q: Queryable,
  query: z.output<typeof WaitlistListQuery>,
): Promise<WaitlistPage> {
  const rows = await q.query<EntryRow>(
    `select w.id, w.event_id, w.tier_id, w.email, w.name, w.quantity, w.status, w.seq::text as seq,
       w.order_id, w.created_at, w.updated_at,
       case when w.status = 'waiting' then (select count(*)::int from admit_waitlist x
         where x.event_id = w.event_id and x.tier_id = w.tier_id and x.status = 'waiting'
           and x.seq <= w.seq) end as position,
       o.status as order_status, o.expires_at as order_expires_at, l.id as link_id, l.url as link_url
     from admit_waitlist w
     left join admit_orders o on o.id = w.order_id
     left join lateral (select id, url from admit_payment_links p where p.order_id = w.order_id
       order by p.created_at desc, p.id desc limit 1) l on true
     where ($1::text is null or w.event_id = $1::text)
       and ($2::text is null or w.tier_id = $2::text)
       and ($3::text is null or w.status = $3::text)
       and w.seq > $4::bigint
     order by w.seq limit $5`,
    [
      query.eventId ?? null,
      query.tierId ?? null,
      query.status ?? null,
      query.cursor ? decodeCursor(query.cursor) : "0",
      query.limit + 1,
    ],
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      tierId: r.tier_id,
      email: r.email,
      ...(r.name ? { name: r.name } : {}),
      quantity: r.quantity,
      status: r.status,
      position: r.position,
      ...(r.order_id && r.order_status && r.order_expires_at
        ? {
            offer: {
              orderId: r.order_id,
              orderStatus: r.order_status,
              ...(r.link_id ? { paymentLinkId: r.link_id } : {}),
              ...(r.link_url ? { url: r.link_url } : {}),
              expiresAt: r.order_expires_at.toISOString(),
            },
          }
        : {}),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    })),
    nextCursor:
      rows.length > query.limit && last ? Buffer.from(last.seq).toString("base64url") : null,
  };
}
