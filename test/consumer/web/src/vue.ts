// Vue templates are checked by vue-tsc against GlobalComponents; this checks those props.
import type {} from "@admit/widget/vue";
import type { GlobalComponents } from "vue";

type AdmitTicketsProps = InstanceType<GlobalComponents["admit-tickets"]>["$props"];

export const props: AdmitTicketsProps = {
  event: "spring-gala",
  api: "/admit",
  "onadmit-order": (e) => {
    const status: string = e.detail.status;
    // @ts-expect-error no total in an order event's detail
    console.log(status, e.detail.total);
  },
};
// @ts-expect-error checkout is "redirect" | "popup"
export const wrong: AdmitTicketsProps = { checkout: "sideways" };
