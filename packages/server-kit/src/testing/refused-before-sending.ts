import { expect, it } from "vitest";
import type { CreatePaymentInput, PaymentProvider } from "../providers/payment-provider.js";

/** What {@link refusedBeforeSending} needs of a provider's test file and its API mock. */
export interface RefusalSetup {
  provider: PaymentProvider;
  /** A payment request in the mock's currency (EUR), expiring in the future unless overridden. */
  input(overrides?: Partial<CreatePaymentInput>): CreatePaymentInput;
  now(): Date;
  /** Every request the mock of the provider's API received, with its idempotency key. */
  requests(): readonly { idempotencyKey: string | null }[];
  /** The buyer pays `reference` on the provider's page. */
  pay(reference: string): void;
}

/**
 * The checks every HTTP provider (Stripe, Mollie) makes before it sends anything: an expired
 * hold is not offered for payment, and a refund in another currency than the payment's is
 * refused. Declares its tests in the calling `describe`.
 */
export function refusedBeforeSending(setup: RefusalSetup): void {
  it("a hold that has already expired is refused before anything is sent", async () => {
    const before = setup.requests().length;
    const past = setup.input({ expiresAt: new Date(setup.now().getTime() - 1000) });
    await expect(
      setup.provider.createPayment(past, { idempotencyKey: "refused_past" }),
    ).rejects.toMatchObject({ name: "PaymentProviderError", providerCode: "invalid_expiry" });
    expect(setup.requests().length).toBe(before);
  });

  it("a refund in another currency than the payment's is refused before anything is sent", async () => {
    const created = await setup.provider.createPayment(setup.input(), {
      idempotencyKey: "refused_currency",
    });
    setup.pay(created.providerReference);
    await expect(
      setup.provider.refund(
        created.providerReference,
        { amount: 100, currency: "USD" },
        { idempotencyKey: "refused_usd" },
      ),
    ).rejects.toMatchObject({ providerCode: "currency_mismatch" });
    expect(setup.requests().some((r) => r.idempotencyKey === "refused_usd")).toBe(false);
  });
}
