/** @jsxImportSource preact */
import "@admit/widget/define";
import type {} from "@admit/widget/preact";

export const preact = (
  <admit-tickets
    event="spring-gala"
    api="/admit"
    onadmit-order={(e) => {
      const status: string = e.detail.status;
      // @ts-expect-error no total in an order event's detail
      return [status, e.detail.total];
    }}
  />
);
// @ts-expect-error checkout is "redirect" | "popup"
export const wrong = <admit-tickets event="e" api="/admit" checkout="sideways" />;
