import { expect, it } from "vitest";
import {
  type CreatePaymentInput,
  type ListedPayment,
  type PaymentProvider,
  PaymentProviderError,
} from "../providers/payment-provider.js";

/** What {@link refusedBeforeSending} needs of a provider's test file and its API mock. */
export interface RefusalSetup {
  provider: PaymentProvider;
  /** A payment request in the mock's currency (EUR), expiring in the future unless overridden. */
  input(overrides?: Partial<CreatePaymentInput>): CreatePaymentInput;
  now(): Date;
  /** The mock of the provider's API: every request it received, and the buyer's choice. */
  mock: {
    readonly requests: readonly { method: string; path: string; idempotencyKey: string | null }[];
    buyer(reference: string, choice: "pay"): unknown;
  };
}

/**
 * The checks every HTTP provider (Stripe, Mollie) makes before it sends anything: an expired
 * hold is not offered for payment, and a refund in another currency than the payment's is
 * refused. Declares its tests in the calling `describe`.
 */
export function refusedBeforeSending(setup: RefusalSetup): void {
  it("a hold that has already expired is refused before anything is sent", async () => {
    const before = setup.mock.requests.length;
    const past = setup.input({ expiresAt: new Date(setup.now().getTime() - 1000) });
    await expect(
      setup.provider.createPayment(past, { idempotencyKey: "refused_past" }),
    ).rejects.toMatchObject({ name: "PaymentProviderError", providerCode: "invalid_expiry" });
    expect(setup.mock.requests.length).toBe(before);
  });

  it("a refund in another currency than the payment's is refused before anything is sent", async () => {
    const created = await setup.provider.createPayment(setup.input(), {
      idempotencyKey: "refused_currency",
    });
    setup.mock.buyer(created.providerReference, "pay");
    await expect(
      setup.provider.refund(
        created.providerReference,
        { amount: 100, currency: "USD" },
        { idempotencyKey: "refused_usd" },
      ),
    ).rejects.toMatchObject({ providerCode: "currency_mismatch" });
    expect(setup.mock.requests.some((r) => r.idempotencyKey === "refused_usd")).toBe(false);
  });
}

/**
 * Creates `payments` payments (every other one for event `paged-a`), then lists `paged-a`'s since
 * `since`: each once, all still `requested`. Answers them and how many GET requests to
 * `listPath` the listing took.
 */
export async function listPaged(
  setup: Pick<RefusalSetup, "provider" | "input" | "mock">,
  options: { listPath: string; since: Date; payments: number },
): Promise<{ listed: ListedPayment[]; pages: number }> {
  for (let i = 0; i < options.payments; i++)
    await setup.provider.createPayment(setup.input({ eventId: i % 2 ? "paged-a" : "paged-b" }), {
      idempotencyKey: `paged_${i}`,
    });
  const listing = () =>
    setup.mock.requests.filter((r) => r.method === "GET" && r.path === options.listPath).length;
  const before = listing();
  const listed = await setup.provider.listPayments!({
    eventId: "paged-a",
    createdFrom: options.since,
  });
  expect(listed).toHaveLength(options.payments / 2);
  expect(new Set(listed.map((p) => p.providerReference)).size).toBe(options.payments / 2);
  expect(listed.every((p) => p.eventId === "paged-a" && p.status === "requested")).toBe(true);
  return { listed, pages: listing() - before };
}

/** A provider made with a wrong key fails with PaymentProviderError 401; the right one works (control). */
export async function expectWrongKeyRefused(
  wrong: PaymentProvider,
  right: PaymentProvider,
  input: CreatePaymentInput,
): Promise<void> {
  const error = await wrong
    .createPayment(input, { idempotencyKey: "auth_wrong" })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PaymentProviderError);
  expect(error).toMatchObject({ status: 401 });
  await expect(right.createPayment(input, { idempotencyKey: "auth_right" })).resolves.toBeTruthy();
}
