// Buys two tickets from a running server the way a buyer's browser would, through real HTTP:
// hold → checkout → the sandbox's Pay button → the order is paid (by the signed webhook or a
// status lookup). `node dist/purchase.js <kit URL> <admin token>`; exits non-zero on any failure.
import assert from "node:assert/strict";
import { createAdmitAdminClient, createAdmitClient, type Event } from "@admit/client";

const [api, token] = process.argv.slice(2);
if (!api || !token) throw new Error("usage: purchase.js <kit URL> <admin token>");

const startsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
const admin = createAdmitAdminClient({ baseUrl: api, token });
const event: Event = await admin.putEvent("consumer-gala", {
  name: "Consumer Gala",
  startsAt,
  currency: "EUR",
  tiers: [{ id: "ga", name: "Standing", price: { amount: 2500, currency: "EUR" }, capacity: 100 }],
});

const client = createAdmitClient({ baseUrl: api });
assert.equal((await client.getEvent(event.id)).tiers[0]?.id, "ga");
const hold = await client.createHold({ eventId: event.id, items: [{ tierId: "ga", quantity: 2 }] });
const { order, orderToken, paymentUrl } = await client.checkout(hold.id, hold.token, {
  buyer: { name: "Ada Lovelace", email: "ada@example.com" },
  returnUrl: "http://localhost:5173/thanks",
});
assert.equal(order.status, "pending_payment");

const page = await fetch(paymentUrl);
assert.equal(page.status, 200);
const action = /<form method="post" action="([^"]+)"><button type="submit" class="pay">/.exec(
  await page.text(),
)?.[1];
assert.ok(action, "the sandbox's payment page has a Pay form");
const pay = await fetch(new URL(action.replaceAll("&amp;", "&"), paymentUrl), {
  method: "POST",
  redirect: "manual",
});
assert.equal(pay.status, 303, "Pay redirects back to the shop");

let last = order;
for await (const status of client.pollOrder(order.id, orderToken, {
  initial: order,
  minIntervalMs: 200,
  signal: AbortSignal.timeout(20_000),
})) {
  last = status;
}
assert.equal(last.status, "paid");
assert.equal((await admin.getAdminOrder(order.id)).status, "paid");
console.log(`order ${order.id} paid`);
