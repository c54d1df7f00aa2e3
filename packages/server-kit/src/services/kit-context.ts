import type { ResolvedAdmitOptions } from "../admit-options.js";
import type { PaymentProvider } from "../providers/payment-provider.js";
import type { Store } from "../store/store.js";

/** What every service needs: the store, the resolved options and the providers by name. */
export interface KitContext {
  store: Store;
  options: ResolvedAdmitOptions;
  providers: ReadonlyMap<string, PaymentProvider>;
  /** The provider new checkouts use (the first configured). */
  defaultProvider: PaymentProvider;
}

/** The `system` actor written to the timeline for changes nobody in particular made. */
export const SYSTEM = {
  buyer: { system: "buyer" },
  provider: (name: string) => ({ system: `provider:${name}` }),
  lookup: (name: string) => ({ system: `lookup:${name}` }),
  expiry: { system: "expiry" },
  waitlist: { system: "waitlist" },
} as const;
