import type { Payment } from "@mollie/api-client";
import { describe, expect, it } from "vitest";
import { PaymentProviderError } from "../payment-provider.js";
import { REFUND_STATUS, toProviderPayment } from "./mollie-payment.js";

const EUR = (value: string) => ({ currency: "EUR", value });

/** A Mollie payment as the API answers it, with only the fields the mapping reads. */
function payment(fields: Partial<Record<string, unknown>>): Payment {
  return {
    resource: "payment",
    id: "tr_mapping1",
    amount: EUR("45.00"),
    status: "open",
    metadata: { paymentId: "pay_1", orderId: "ord_1", eventId: "evt", reference: null },
    ...fields,
  } as unknown as Payment;
}

describe("Mollie payment statuses as the kit's", () => {
  it.each([
    ["open", {}, "requested"],
    ["pending", {}, "requested"],
    ["authorized", { authorizedAt: "2026-01-01T00:00:00Z" }, "authorized"],
    ["paid", {}, "captured"],
    ["canceled", {}, "failed"],
    ["canceled", { authorizedAt: "2026-01-01T00:00:00Z" }, "voided"],
    ["expired", {}, "expired"],
    ["failed", {}, "failed"],
  ])("%s %o is %s", (status, extra, expected) => {
    expect(toProviderPayment(payment({ status, ...extra }))).toMatchObject({
      providerReference: "tr_mapping1",
      paymentId: "pay_1",
      status: expected,
      amount: { amount: 4500, currency: "EUR" },
    });
  });

  it("a status Mollie may add later fails loudly rather than being guessed", () => {
    expect(() => toProviderPayment(payment({ status: "settled" }))).toThrow(PaymentProviderError);
  });

  it("embedded refunds count by their own statuses: queued, pending, processing and refunded count; failed and canceled do not", () => {
    const refund = (status: string, value: string) => ({ status, amount: EUR(value) });
    const paid = payment({
      status: "paid",
      amountRefunded: EUR("99.00"), // ignored when the refunds are embedded
      _embedded: {
        refunds: [
          refund("queued", "1.00"),
          refund("pending", "2.00"),
          refund("processing", "3.00"),
          refund("refunded", "4.00"),
          refund("failed", "10.00"),
          refund("canceled", "20.00"),
        ],
      },
    });
    expect(toProviderPayment(paid)).toMatchObject({
      status: "partially_refunded",
      amountRefunded: { amount: 1000, currency: "EUR" },
    });
    expect(Object.entries(REFUND_STATUS)).toEqual([
      ["queued", "pending"],
      ["pending", "pending"],
      ["processing", "pending"],
      ["refunded", "succeeded"],
      ["failed", "failed"],
      ["canceled", "failed"],
    ]);
  });

  it("without embedded refunds (listings), Mollie's amountRefunded is used; all of it is refunded", () => {
    expect(
      toProviderPayment(payment({ status: "paid", amountRefunded: EUR("45.00") })),
    ).toMatchObject({ status: "refunded", amountRefunded: { amount: 4500, currency: "EUR" } });
  });

  it("a payment without the kit's metadata has no paymentId", () => {
    expect(toProviderPayment(payment({ metadata: null })).paymentId).toBeUndefined();
    expect(toProviderPayment(payment({ metadata: "order 7" })).paymentId).toBeUndefined();
  });

  it("a two-step payment captured for less than authorized reports what was captured", () => {
    expect(
      toProviderPayment(payment({ status: "paid", amountCaptured: EUR("40.00") })).amount,
    ).toEqual({ amount: 4000, currency: "EUR" });
  });
});
