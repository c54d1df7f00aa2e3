import { createAdmitClient, isAdmitApiError } from "@admit/client";

const client = createAdmitClient({ baseUrl: "https://tickets.example.com/admit" });

const event = await client.getEvent("spring-gala");
try {
  const hold = await client.createHold({
    eventId: event.id,
    items: [{ tierId: "adult", quantity: 2 }],
  });
  const { order, orderToken, paymentUrl } = await client.checkout(hold.id, hold.token, {
    buyer: { name: "Ada Lovelace", email: "ada@example.com" },
    returnUrl: "https://shop.example.com/thanks",
  });
  console.log(`The buyer pays at ${paymentUrl}`);
  for await (const status of client.pollOrder(order.id, orderToken, { initial: order })) {
    console.log(status.status); // until paid, failed, expired, …
  }
} catch (error) {
  if (isAdmitApiError(error, "sold_out")) console.log(error.problem.tiers);
  else throw error;
}
