import type {
  Actor,
  AdminTicket,
  AttendeeChangeRequest,
  OrderStatusCode,
  Ticket,
} from "@admit/client/contract";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import type { KitContext } from "../kit-context.js";
import { REFUNDABLE } from "../orders/order-status.js";
import { SELECT_TICKETS, type TicketRow, toAdminTicket, toTicket } from "../orders/order-view.js";
import { checkAnswers, type StoredQuestion } from "../questions/answers.js";
import { appendTimeline } from "../timeline/timeline.js";
import { checkedCode } from "./signed-codes.js";

/** Orders whose valid tickets admit at the door. Check-in status is not payment status. */

async function ticketBy(
  q: Queryable,
  column: "code" | "id",
  value: string,
  lock = false,
): Promise<TicketRow | undefined> {
  const rows = await q.query<TicketRow>(
    `${SELECT_TICKETS} where k.${column} = $1${lock ? " for update of k" : ""}`,
    [value],
  );
  return rows[0];
}

async function orderStatus(q: Queryable, orderId: string): Promise<OrderStatusCode> {
  const [order] = await q.query<{ status: OrderStatusCode }>(
    "select status from admit_orders where id = $1",
    [orderId],
  );
  return order!.status;
}

/**
 * The guard: one conditional update admits the ticket only if nobody has yet. Under READ
 * COMMITTED a concurrent scan waits for this row lock, re-checks `checked_in_at is null` on the
 * committed row and updates nothing, so exactly one scan of a code succeeds.
 */
async function admitOnce(tx: Queryable, code: string): Promise<boolean> {
  const rows = await tx.query(
    `update admit_tickets k set checked_in_at = now()
     from admit_orders o
     where k.code = $1 and o.id = k.order_id and k.checked_in_at is null
       and k.status = 'valid' and o.status = any($2::text[])
     returning k.id`,
    [code, [...REFUNDABLE]],
  );
  return rows.length > 0;
}

/** The naive read-then-write that `unsafeDisableCheckInGuard` swaps in: two scans can both pass. */
async function admitUnguarded(tx: Queryable, code: string): Promise<boolean> {
  const ticket = await ticketBy(tx, "code", code);
  if (!ticket || ticket.checked_in_at !== null || ticket.status !== "valid") return false;
  if (!REFUNDABLE.has(await orderStatus(tx, ticket.order_id))) return false;
  await tx.query("update admit_tickets set checked_in_at = now() where id = $1", [ticket.id]);
  return true;
}

/**
 * `POST /admin/check-ins`: admit the ticket with `code` once, with one timeline entry in the
 * same transaction. A second scan answers 409 `already_checked_in` with the first time (also
 * for a ticket voided after it was used: the door needs to know the code was used); a voided
 * ticket or one of an order that is not paid / partially refunded answers 409 `ticket_not_valid`.
 * A signed code whose signature does not verify answers 422 `ticket_signature_invalid`.
 */
export async function checkIn(ctx: KitContext, scanned: string, actor: Actor): Promise<Ticket> {
  const code = await checkedCode(ctx.store, scanned);
  return ctx.store.transaction(async (tx) => {
    const admitted = ctx.options.unsafeDisableCheckInGuard
      ? await admitUnguarded(tx, code)
      : await admitOnce(tx, code);
    // Read after the update: a scan that lost the race sees the winner's committed check-in.
    const ticket = await ticketBy(tx, "code", code);
    if (!ticket) throw new AdmitError("not_found", "No ticket has this code");
    if (!admitted) {
      if (ticket.checked_in_at)
        throw new AdmitError(
          "already_checked_in",
          `Ticket ${ticket.id} was already checked in at ${ticket.checked_in_at.toISOString()}`,
          { checkedInAt: ticket.checked_in_at.toISOString() },
        );
      if (ticket.status !== "valid")
        throw new AdmitError("ticket_not_valid", `Ticket ${ticket.id} is ${ticket.status}`);
      const status = await orderStatus(tx, ticket.order_id);
      throw new AdmitError(
        "ticket_not_valid",
        `The order of ticket ${ticket.id} is ${status}; only paid orders admit`,
      );
    }
    await appendTimeline(tx, {
      type: "ticket.checked_in",
      actor,
      orderId: ticket.order_id,
      eventId: ticket.event_id,
      data: { ticketId: ticket.id, code: ticket.code, tierId: ticket.tier_id },
    });
    return toTicket(ticket);
  });
}

/**
 * `PATCH /admin/tickets/:ticketId/attendee`: the body names the new attendee (an e-mail left
 * out is removed, never inherited from the previous attendee). The old and new attendee, the
 * reason and the actor go on the timeline; the order's `updatedAt` moves so syncs see it.
 * A voided ticket answers 409 `ticket_not_valid`; a checked-in one may still be corrected.
 * With `answers`, the ticket's answers to the attendee questions are replaced (checked against
 * the event's questions for the ticket's tier, 422 naming `answers.<questionId>`); the old and
 * new answers go on the timeline entry too.
 */
export async function changeAttendee(
  ctx: KitContext,
  ticketId: string,
  input: AttendeeChangeRequest,
  actor: Actor,
): Promise<AdminTicket> {
  return ctx.store.transaction(async (tx) => {
    // Order row first, then the ticket: the same lock order as payment confirmation.
    const orders = await tx.query<{ id: string }>(
      `update admit_orders set updated_at = now()
       where id = (select order_id from admit_tickets where id = $1) returning id`,
      [ticketId],
    );
    const ticket = orders.length > 0 ? await ticketBy(tx, "id", ticketId, true) : undefined;
    if (!ticket) throw new AdmitError("not_found", `No ticket ${ticketId}`);
    if (ticket.status !== "valid")
      throw new AdmitError("ticket_not_valid", `Ticket ${ticket.id} is ${ticket.status}`);
    const email = input.email ?? null;
    let answers = ticket.answers;
    if (input.answers) {
      const [event] = await tx.query<{ questions: StoredQuestion[] }>(
        "select questions from admit_events where id = $1",
        [ticket.event_id],
      );
      const checked = checkAnswers(event!.questions, input.answers, "attendee", [ticket.tier_id]);
      if (checked.errors.length > 0)
        throw new AdmitError("invalid_request", "Some answers are missing or invalid", {
          errors: checked.errors,
        });
      answers = checked.answers;
    }
    await tx.query(
      "update admit_tickets set attendee_name = $2, attendee_email = $3, answers = $4 where id = $1",
      [ticket.id, input.name, email, JSON.stringify(answers)],
    );
    await appendTimeline(tx, {
      type: "ticket.attendee_changed",
      actor,
      orderId: ticket.order_id,
      eventId: ticket.event_id,
      reason: input.reason,
      data: {
        ticketId: ticket.id,
        from: {
          name: ticket.attendee_name,
          email: ticket.attendee_email,
          ...(input.answers ? { answers: ticket.answers } : {}),
        },
        to: { name: input.name, email, ...(input.answers ? { answers } : {}) },
      },
    });
    return toAdminTicket({ ...ticket, attendee_name: input.name, attendee_email: email, answers });
  });
}
