/** @jsxImportSource solid-js */
import "@admit/widget/define";
import type {} from "@admit/widget/solid";

export const solid = (
  <admit-tickets
    event="spring-gala"
    api="/admit"
    on:admit-order={(e) => {
      const status: string = e.detail.status;
      // @ts-expect-error no total in an order event's detail
      return [status, e.detail.total];
    }}
  />
);
// @ts-expect-error checkout is "redirect" | "popup"
export const wrong = <admit-tickets event="e" api="/admit" checkout="sideways" />;
