// Not built: type-checked only, so that the widget's types are proven to refuse mistakes.
import "@admit/widget/define";
import type {} from "@admit/widget/react";

export const wrongAttribute = (
  // @ts-expect-error checkout is "redirect" | "popup"
  <admit-tickets event="e" api="/admit" checkout="sideways" />
);
export const wrongDetail = (
  <admit-tickets
    event="e"
    api="/admit"
    // @ts-expect-error an order event's detail has orderId and status, no total
    onadmit-order={(e) => e.detail.total}
  />
);
export const wrongHandler = (
  // @ts-expect-error the handler gets the element's typed event, not a string
  <admit-tickets event="e" api="/admit" onadmit-ready={(e: string) => e} />
);
