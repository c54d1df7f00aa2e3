import type { ResolvedOutboundWebhook } from "../../admit-options.js";
import { failureMessage } from "../../errors/server-kit-error.js";
import type { Store } from "../../store/store.js";
import type { AdmitWebhookEvent, OrderNotification, WaitlistOffer } from "./notification-types.js";

/** Retries wait 30 s, then twice as long after each attempt, at most 6 h. */
const RETRY_BASE_SECONDS = 30;
const RETRY_CAP_SECONDS = 6 * 3600;
/** Beyond its timeout, how long an attempt keeps its delivery from other processes. */
const CLAIM_MARGIN_SECONDS = 5;

interface DueDelivery {
  seq: string | number;
  webhook_id: string;
  attempts: number;
  kind: string;
  payload: OrderNotification | WaitlistOffer;
  timestamp: string;
}

/**
 * Record the endpoints this kit delivers to: a status change queues one delivery per enabled
 * endpoint. An endpoint missing from `endpoints` is disabled, and its pending deliveries are
 * given up (recorded, never deleted), since no process holds its secret any more.
 */
export async function syncWebhookEndpoints(
  store: Store,
  endpoints: readonly ResolvedOutboundWebhook[],
): Promise<void> {
  const urls = endpoints.map((e) => e.url);
  await store.transaction(async (tx) => {
    await tx.query(
      `insert into admit_webhook_endpoints (url, enabled) select unnest($1::text[]), true
       on conflict (url) do update set enabled = true, updated_at = now()
       where not admit_webhook_endpoints.enabled`,
      [urls],
    );
    await tx.query(
      `update admit_webhook_endpoints set enabled = false, updated_at = now()
       where enabled and url <> all($1::text[])`,
      [urls],
    );
    await tx.query(
      `update admit_webhook_deliveries
       set gave_up_at = now(), last_error = 'the endpoint was removed from outboundWebhooks'
       where endpoint <> all($1::text[]) and delivered_at is null and gave_up_at is null`,
      [urls],
    );
  });
}

// Taking a delivery counts the attempt and schedules the next one at once, so a process that
// dies mid-attempt leaves a delivery that is simply due again later; the schedule is never
// shorter than the attempt's timeout, so no other process takes it while the attempt runs.
const TAKE = `
  update admit_webhook_deliveries d set attempts = d.attempts + 1, last_attempt_at = now(),
    next_attempt_at = now() + make_interval(secs => greatest(least(
      ${RETRY_BASE_SECONDS} * power(2, d.attempts), ${RETRY_CAP_SECONDS}), $2::float8))
  from admit_order_notifications n
  where n.seq = d.notification_seq and d.endpoint = $1 and d.notification_seq = (%WHICH%)
  returning d.notification_seq as seq, d.webhook_id, d.attempts, n.kind, n.payload,
    to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as timestamp`;
const DUE = `select notification_seq from admit_webhook_deliveries
  where endpoint = $1 and delivered_at is null and gave_up_at is null and next_attempt_at <= now()
  order by next_attempt_at, notification_seq`;
const CLAIM_NEXT = TAKE.replace("%WHICH%", `${DUE} limit 1 for update skip locked`);
const TAKE_GIVEN = TAKE.replace("%WHICH%", "$3");

/**
 * Deliver every due notification to one endpoint, oldest first, until none is due or an attempt
 * fails (the endpoint is likely down: the rest wait for the next drain instead of each costing a
 * timeout now). Each delivery is claimed with `FOR UPDATE SKIP LOCKED`, so processes draining at
 * once never send one notification concurrently. 2xx is delivered; any other answer, a network
 * error or a timeout is retried later, until `maxAttempts`. Answers how many were delivered.
 */
export async function deliverOutboundWebhooks(
  store: Store,
  endpoint: ResolvedOutboundWebhook,
  options: { onError: (error: unknown) => void; unsafeDisableClaim: boolean },
): Promise<number> {
  const holdSeconds = endpoint.timeoutMs / 1000 + CLAIM_MARGIN_SECONDS;
  let delivered = 0;
  if (options.unsafeDisableClaim) {
    // The naive outbox the control test needs: read what is due, then send and write each.
    const due = await store.query<{ notification_seq: string }>(DUE, [endpoint.url]);
    for (const { notification_seq } of due) {
      const [row] = await store.query<DueDelivery>(TAKE_GIVEN, [
        endpoint.url,
        holdSeconds,
        notification_seq,
      ]);
      if (row && (await attempt(store, endpoint, row, options.onError))) delivered++;
    }
    return delivered;
  }
  for (;;) {
    const [row] = await store.query<DueDelivery>(CLAIM_NEXT, [endpoint.url, holdSeconds]);
    if (!row || !(await attempt(store, endpoint, row, options.onError))) return delivered;
    delivered++;
  }
}

/** Send one delivery and record the outcome; answers whether the endpoint took it. */
async function attempt(
  store: Store,
  endpoint: ResolvedOutboundWebhook,
  row: DueDelivery,
  onError: (error: unknown) => void,
): Promise<boolean> {
  const outcome = await send(endpoint, row);
  if (outcome.delivered) {
    await store.query(
      `update admit_webhook_deliveries set delivered_at = coalesce(delivered_at, now()),
         last_status = $3, last_error = null
       where notification_seq = $1 and endpoint = $2`,
      [row.seq, endpoint.url, outcome.status],
    );
    return true;
  }
  // A delivery given up meanwhile (its endpoint was removed) keeps that record.
  const [recorded] = await store.query<{ gave_up: boolean }>(
    `update admit_webhook_deliveries set last_status = $3, last_error = $4,
       gave_up_at = case when attempts >= $5 then now() end
     where notification_seq = $1 and endpoint = $2 and delivered_at is null and gave_up_at is null
     returning gave_up_at is not null as gave_up`,
    [row.seq, endpoint.url, outcome.status, outcome.error, endpoint.maxAttempts],
  );
  if (recorded?.gave_up)
    onError(
      new Error(
        failureMessage(
          `deliver webhook ${row.webhook_id} to ${new URL(endpoint.url).origin}: gave up after ${row.attempts} attempts (${outcome.error})`,
          "keep the endpoint reachable and answering 2xx; this notification is not sent again",
        ),
      ),
    );
  return false;
}

type Outcome =
  | { delivered: true; status: number }
  | { delivered: false; status: number | null; error: string };

async function send(endpoint: ResolvedOutboundWebhook, row: DueDelivery): Promise<Outcome> {
  const body = JSON.stringify(webhookEvent(row));
  // Signed afresh with real time at each attempt: the receiver checks it against its own clock.
  const at = new Date();
  try {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "admit-server-kit",
        "webhook-id": row.webhook_id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": endpoint.signer.sign(row.webhook_id, at, body),
      },
      body,
      // A redirect would carry the signed body elsewhere: it counts as a failed attempt.
      redirect: "manual",
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return { delivered: true, status: response.status };
    return { delivered: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { delivered: false, status: null, error: describeFailure(error, endpoint.timeoutMs) };
  }
}

/** The body, built the same way at every attempt so all attempts of one notification are equal. */
function webhookEvent(row: DueDelivery): AdmitWebhookEvent {
  if (row.kind === "waitlist.offered") {
    const o = row.payload as WaitlistOffer;
    return {
      type: "waitlist.offered",
      timestamp: row.timestamp,
      data: {
        waitlistId: o.waitlistId,
        eventId: o.eventId,
        tierId: o.tierId,
        email: o.email,
        name: o.name,
        quantity: o.quantity,
        orderId: o.orderId,
        paymentUrl: o.paymentUrl,
        expiresAt: o.expiresAt,
      },
    };
  }
  const p = row.payload as OrderNotification;
  return {
    type: `order.${p.status}`,
    timestamp: row.timestamp,
    data: {
      orderId: p.orderId,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      providerReference: p.providerReference,
      paidAt: p.paidAt,
      reference: p.reference,
    },
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError")
    return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (cause?.code ? `${message}: ${cause.code}` : message).slice(0, 500);
}
