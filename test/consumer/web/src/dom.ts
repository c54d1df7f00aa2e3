// Only `import "@admit/widget/define"`, checked as a program of its own (tsconfig.dom.json), so
// no other import brings the widget's global types: the element and its events are typed.
import "@admit/widget/define";

const element = document.querySelector("admit-tickets")!;
export const eventId: string = element.event;
element.addEventListener("admit-order", (e) => {
  const status: string = e.detail.status;
  // @ts-expect-error orderId is a string
  const wrong: number = e.detail.orderId;
  console.log(status, wrong);
});
element.addEventListener("admit-checkout", (e) => {
  if (e.detail.mode === "popup") e.preventDefault();
});
