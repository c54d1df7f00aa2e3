import type { ResolvedAdmitOptions } from "../../admit-options.js";
import type { KitContext } from "../kit-context.js";
import { buildReceipt, type DeliverableOrder } from "../orders/order-receipt.js";
import { loadOrder } from "../orders/order-view.js";
import type { OrderEvent, OrderNotification } from "./notification-types.js";
import { renderOrderConfirmation } from "./order-confirmation.js";

type Hook = ResolvedAdmitOptions["onOrderEvent"];

/**
 * The host's `onOrderEvent`, handed the confirmation e-mail with every `paid` notification when
 * the host sends one (`sendsConfirmationEmail`): rendered at delivery from the order as it is
 * then, in `confirmationLocale`, with links under `publicUrl()` (the option, else the URL of
 * the last request this process answered). Without a known URL the hook hears the event
 * without `confirmation`, and `onError` says why.
 */
export function withConfirmation(
  kit: KitContext,
  hook: Hook,
  publicUrl: () => string | undefined,
): Hook {
  const { sendsConfirmationEmail, confirmationLocale, onError } = kit.options;
  if (!hook || !sendsConfirmationEmail) return hook;
  return async (event: OrderNotification) => {
    if (event.status !== "paid") return hook(event);
    const base = publicUrl();
    const order = base ? await loadOrder(kit.store, event.orderId) : undefined;
    if (!base || !order) {
      onError(
        new Error(
          `@admit/server-kit: Failed to render the confirmation of ${event.orderId}: ${base ? "no such order" : "the kit's URL is not known yet"}. Make sure to set the publicUrl option.`,
        ),
      );
      return hook(event);
    }
    const { receipt } = await buildReceipt(kit, order as DeliverableOrder, base);
    // The PDF's labels and dates in the e-mail's language.
    const pdf = receipt.downloads && `${receipt.downloads.pdf}&locale=${confirmationLocale}`;
    const rendered = renderOrderConfirmation(receipt, {
      locale: confirmationLocale,
      links: { pdf },
    });
    const withMail: OrderEvent = {
      ...event,
      confirmation: { to: receipt.buyer.email, ...rendered },
    };
    return hook(withMail);
  };
}
