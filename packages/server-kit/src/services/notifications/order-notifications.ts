import { randomBytes } from "node:crypto";
import type { ResolvedAdmitOptions } from "../../admit-options.js";
import type { Queryable, Store } from "../../store/store.js";
import type { OrderNotification } from "./notification-types.js";
import { deliverOutboundWebhooks } from "./outbound-webhooks.js";

/**
 * Record, in the changing transaction, that the host must hear about the order's new status:
 * once for the in-process hook and once per enabled outbound webhook endpoint (all attempts of
 * one notification carry the same `webhook-id`). Delivery happens after commit
 * ({@link deliverOrderNotifications}), so the host never hears about a change that was rolled
 * back, and an undelivered one is retried later (at least once).
 */
export async function enqueueOrderNotification(tx: Queryable, orderId: string): Promise<void> {
  await tx.query(
    `with notification as (
     insert into admit_order_notifications (order_id, payload)
     select o.id, json_build_object(
       'orderId', o.id, 'status', o.status, 'amount', o.total_amount, 'currency', o.currency,
       'providerReference', (select p.provider_reference from admit_payment_attempts p
                             where p.order_id = o.id order by p.created_at desc, p.id desc limit 1),
       'paidAt', to_char(o.paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'reference', o.reference)
     from admit_orders o where o.id = $1
     returning seq)
     insert into admit_webhook_deliveries (notification_seq, endpoint, webhook_id)
     select n.seq, e.url, $2 from notification n cross join admit_webhook_endpoints e where e.enabled`,
    [orderId, `msg_${randomBytes(16).toString("hex")}`],
  );
}

/**
 * Deliver what is waiting, after commit: to the in-process hook and to each outbound webhook
 * endpoint, side by side. Each has its own record per notification, so a throwing hook neither
 * holds back nor repeats a webhook, and an endpoint that is down delays neither the hook nor
 * the other endpoints. Answers how many notifications the hook took.
 */
export async function deliverOrderNotifications(
  store: Store,
  options: Pick<
    ResolvedAdmitOptions,
    "onOrderEvent" | "outboundWebhooks" | "onError" | "unsafeDisableWebhookClaim"
  >,
): Promise<number> {
  const { onError } = options;
  const webhooks = (options.outboundWebhooks ?? []).map((endpoint) =>
    deliverOutboundWebhooks(store, endpoint, {
      onError,
      unsafeDisableClaim: options.unsafeDisableWebhookClaim,
    }).catch(onError),
  );
  const [hooked] = await Promise.all([
    callOrderEventHook(store, options.onOrderEvent, onError),
    ...webhooks,
  ]);
  return hooked;
}

/**
 * Call the host's hook for every undelivered notification, oldest first. A notification is
 * claimed for 30 s (so several processes never deliver it at the same time), the hook runs
 * outside any transaction (it may call back into the kit), and it is marked delivered only
 * after the hook resolved; a throwing hook is retried after the claim lapses.
 */
async function callOrderEventHook(
  store: Store,
  hook: ((event: OrderNotification) => void | Promise<void>) | undefined,
  onError: (error: unknown) => void,
): Promise<number> {
  if (!hook) {
    await store.query(
      "update admit_order_notifications set delivered_at = now() where delivered_at is null",
    );
    return 0;
  }
  let delivered = 0;
  for (;;) {
    const claimed = await store.query<{ seq: number; payload: OrderNotification }>(
      `update admit_order_notifications set claimed_until = now() + interval '30 seconds',
         attempts = attempts + 1
       where seq = (select seq from admit_order_notifications
                    where delivered_at is null and (claimed_until is null or claimed_until < now())
                    order by seq limit 1 for update skip locked)
       returning seq, payload`,
    );
    const row = claimed[0];
    if (!row) return delivered;
    try {
      await hook(row.payload);
    } catch (error) {
      onError(error);
      continue;
    }
    await store.query("update admit_order_notifications set delivered_at = now() where seq = $1", [
      row.seq,
    ]);
    delivered++;
  }
}
