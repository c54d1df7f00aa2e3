import {
  type AdminTicket,
  type Answers,
  isFinalOrderStatus,
  type OrderStatus,
  type OrderStatusCode,
  type PriceBreakdown,
  type Ticket,
} from "@admit/client/contract";
import { tokenMatches } from "../../crypto/secrets.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";

/** An order row as stored, with the database clock. */
export interface OrderRow {
  id: string;
  event_id: string;
  hold_id: string;
  token_hash: string;
  status: OrderStatusCode;
  total_amount: number;
  refunded_amount: number;
  currency: string;
  buyer_name: string;
  buyer_email: string;
  attendees: { tierId: string; name: string; email?: string; answers?: Answers }[];
  /** Answers to the order questions (migration 10). */
  answers: Answers;
  reference: string | null;
  return_url: string;
  expires_at: Date;
  paid_at: Date | null;
  last_lookup_at: Date | null;
  status_changed_at: Date;
  created_at: Date;
  updated_at: Date;
  db_now: Date;
  /** The code its hold used, as written, and what its total is made of (null on older orders). */
  promo_code: string | null;
  breakdown: PriceBreakdown | null;
}

export interface TicketRow {
  id: string;
  order_id: string;
  event_id: string;
  tier_id: string;
  tier_name: string;
  code: string;
  attendee_name: string;
  attendee_email: string | null;
  status: "valid" | "voided";
  checked_in_at: Date | null;
  /** The attendee's answers (migration 10). */
  answers: Answers;
  price: PriceBreakdown | null;
  promo_code: string | null;
}

export async function loadOrder(
  q: Queryable,
  orderId: string,
  lock = false,
): Promise<OrderRow | undefined> {
  const rows = await q.query<OrderRow>(
    `select *, now() as db_now from admit_orders where id = $1${lock ? " for update" : ""}`,
    [orderId],
  );
  return rows[0];
}

/** Load an order if `token` is its token; a wrong or missing token answers exactly like an unknown id. */
export async function loadOrderWithToken(
  q: Queryable,
  orderId: string,
  token: string | undefined,
): Promise<OrderRow> {
  const order = await loadOrder(q, orderId);
  if (!order || !tokenMatches(token, order.token_hash))
    throw new AdmitError("not_found", "No such order");
  return order;
}

/** Tickets (alias `k`) with their tier's current name; callers add `where`, `order by`, locks. */
export const SELECT_TICKETS = `select k.*, coalesce(t.name, k.tier_id) as tier_name from admit_tickets k
     left join admit_tiers t on t.event_id = k.event_id and t.id = k.tier_id`;

export async function loadTickets(q: Queryable, orderIds: readonly string[]): Promise<TicketRow[]> {
  if (orderIds.length === 0) return [];
  return q.query<TicketRow>(
    `${SELECT_TICKETS}
     where k.order_id = any($1::text[]) order by k.order_id, k.position`,
    [orderIds],
  );
}

export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    code: row.code,
    tierId: row.tier_id,
    tierName: row.tier_name,
    attendee: {
      name: row.attendee_name,
      ...(row.attendee_email ? { email: row.attendee_email } : {}),
    },
    status: row.status,
    checkedInAt: row.checked_in_at ? row.checked_in_at.toISOString() : null,
    ...(row.price ? { price: row.price } : {}),
    ...(row.promo_code ? { promoCode: row.promo_code } : {}),
  };
}

/** A ticket as the back office sees it: with the attendee's answers. */
export function toAdminTicket(row: TicketRow): AdminTicket {
  return { ...toTicket(row), answers: row.answers };
}

// Polling starts at 1 s and backs off the longer nothing changes, up to 15 s; 0 means "stop".
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 15_000;

/** The server's hint for the next poll: grows with the time since the status last changed. */
export function nextPollMs(
  order: Pick<OrderRow, "status" | "status_changed_at" | "db_now">,
): number {
  if (isFinalOrderStatus(order.status)) return 0;
  const unchangedMs = Math.max(0, order.db_now.getTime() - order.status_changed_at.getTime());
  return Math.min(MAX_POLL_MS, Math.round(FIRST_POLL_MS + unchangedMs / 4));
}

/**
 * The order's tickets as one `json_agg` column (alias `tickets`) of a statement on orders `o`,
 * so a poll reads the order and its tickets in one round trip; {@link ticketsFromJson} reads it.
 */
export const TICKETS_JSON = `coalesce((select json_agg(x order by x.position) from
       (${SELECT_TICKETS} where k.order_id = o.id) x), '[]') as tickets`;

/** Tickets of a {@link TICKETS_JSON} column: its times arrive as strings. */
export function ticketsFromJson(
  tickets: (Omit<TicketRow, "checked_in_at"> & { checked_in_at: string | null })[],
): TicketRow[] {
  return tickets.map((t) => ({
    ...t,
    checked_in_at: t.checked_in_at === null ? null : new Date(t.checked_in_at),
  }));
}

/** The columns of an order that its buyer's status needs ({@link renderOrderStatus}). */
export const STATUS_COLUMNS = [
  "id",
  "event_id",
  "token_hash",
  "status",
  "total_amount",
  "refunded_amount",
  "currency",
  "expires_at",
  "last_lookup_at",
  "status_changed_at",
  "promo_code",
  "breakdown",
] as const;

/** An order as far as its status needs it: {@link STATUS_COLUMNS} and the database clock. */
export type OrderStatusRow = Pick<OrderRow, (typeof STATUS_COLUMNS)[number] | "db_now">;

/** What the buyer's and the back office's views of an order share: which order, its status, its money. */
export function orderSummary(
  order: Pick<
    OrderRow,
    "id" | "event_id" | "status" | "total_amount" | "refunded_amount" | "currency"
  >,
) {
  return {
    id: order.id,
    eventId: order.event_id,
    status: order.status,
    total: { amount: order.total_amount, currency: order.currency },
    refunded: { amount: order.refunded_amount, currency: order.currency },
  };
}

/** `OrderStatus` as the buyer sees it (`tickets`: already read with the order, else loaded). */
export async function renderOrderStatus(
  q: Queryable,
  order: OrderStatusRow,
  tickets?: TicketRow[],
): Promise<OrderStatus> {
  tickets ??= await loadTickets(q, [order.id]);
  return {
    ...orderSummary(order),
    expiresAt: order.expires_at.toISOString(),
    tickets: tickets.map(toTicket),
    ...(order.promo_code ? { promoCode: order.promo_code } : {}),
    ...(order.breakdown ? { breakdown: order.breakdown } : {}),
    nextPollMs: nextPollMs(order),
  };
}
