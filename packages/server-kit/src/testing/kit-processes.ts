import type { AdmitOptions } from "../admit-options.js";
import { type Admit, createAdmit } from "../create-admit.js";
import type { PaymentProvider } from "../providers/payment-provider.js";
import { kitRequest, testAuthorize } from "./kit-request.js";
import type { TestDatabase } from "./test-stores.js";

/** For kits whose tests never reach a provider (holds only): any use of it rejects. */
export const unusedProvider = new Proxy(
  { name: "none", captureMode: "automatic" } as PaymentProvider,
  {
    get: (target, key) =>
      key in target
        ? target[key as keyof PaymentProvider]
        : () => Promise.reject(new Error("unused")),
  },
);

/**
 * `count` kits on one database, each with its own pool of `poolSize` connections (as separate
 * server processes would be), migrated, with `unusedProvider` and the test `authorize`.
 * `options` add to that (rate limits, the `unsafe…` switches of a control). Close them when done.
 *
 * @example
 * const kits = await startKitProcesses(db, 4, 8, { unsafeDisableCapacityLock: true });
 */
export async function startKitProcesses(
  db: TestDatabase,
  count: number,
  poolSize: number,
  options: Partial<AdmitOptions> = {},
): Promise<Admit[]> {
  const kits = Array.from({ length: count }, () =>
    createAdmit({
      store: db.connect({ max: poolSize }),
      providers: [unusedProvider],
      authorize: testAuthorize,
      ...options,
    }),
  );
  await Promise.all(kits.map((k) => k.migrate()));
  return kits;
}

/** Reads `eventId` through every kit, so a race is between open connections, not between connects. */
export async function warmPools(kits: readonly Admit[], eventId: string): Promise<void> {
  await Promise.all(kits.map((k) => kitRequest(k, "GET", `/events/${eventId}`)));
}
