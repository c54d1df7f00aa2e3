// Svelte templates are checked by svelte-check against SvelteHTMLElements; this checks those.
import type {} from "@admit/widget/svelte";
import type { SvelteHTMLElements } from "svelte/elements";

type AdmitTicketsAttributes = SvelteHTMLElements["admit-tickets"];

export const attributes: AdmitTicketsAttributes = {
  event: "spring-gala",
  api: "/admit",
  class: "tickets",
  "onadmit-order": (e) => {
    const status: string = e.detail.status;
    // @ts-expect-error no total in an order event's detail
    console.log(status, e.detail.total);
  },
};
// @ts-expect-error checkout is "redirect" | "popup"
export const wrong: AdmitTicketsAttributes = { checkout: "sideways" };
