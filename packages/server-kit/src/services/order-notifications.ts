import type { OrderNotification } from "../admit-options.js";
import type { Queryable, Store } from "../store/store.js";

/**
 * Record, in the changing transaction, that the host must hear about the order's new status.
 * Delivery happens after commit ({@link deliverOrderNotifications}), so the host never hears
 * about a change that was rolled back, and an undelivered one is retried later (at least once).
 */
export async function enqueueOrderNotification(tx: Queryable, orderId: string): Promise<void> {
  await tx.query(
    `insert into admit_order_notifications (order_id, payload)
     select o.id, json_build_object(
       'orderId', o.id, 'status', o.status, 'amount', o.total_amount, 'currency', o.currency,
       'providerReference', (select p.provider_reference from admit_payment_attempts p
                             where p.order_id = o.id order by p.created_at desc, p.id desc limit 1),
       'paidAt', to_char(o.paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'reference', o.reference)
     from admit_orders o where o.id = $1`,
    [orderId],
  );
}

/**
 * Call the host's hook for every undelivered notification, oldest first. A notification is
 * claimed for 30 s (so several processes never deliver it at the same time), the hook runs
 * outside any transaction (it may call back into the kit), and it is marked delivered only
 * after the hook resolved; a throwing hook is retried after the claim lapses.
 */
export async function deliverOrderNotifications(
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
