import { hkdfSync } from "node:crypto";
import type { Actor } from "@admit/client/contract";
import type { Webhook } from "standardwebhooks";
import { standardWebhook } from "./crypto/verify-admit-webhook.js";
import { failureMessage } from "./errors/server-kit-error.js";
import type { PaymentProvider } from "./providers/payment-provider.js";
import type { OrderEvent } from "./services/notifications/notification-types.js";
import type { Store } from "./store/store.js";

/** Per-client-IP request limits. */
export interface RateLimitOptions {
  /**
   * `POST /holds` per client IP per minute.
   * @default 30
   * @example 10
   */
  holdsPerMinute?: number;
  /**
   * Any public request per client IP per minute (polling included).
   * @default 600
   * @example 1_200
   */
  requestsPerMinute?: number;
  /**
   * Where the counts live. In memory (the default) each process counts on its own, so N
   * processes let a client through N times the limit; a shared store makes the limits mean the
   * same with one process or many. Uses `rate-limiter-flexible`'s `RateLimiterPostgres` (a
   * `pg` pool; the table is created on first use) or `RateLimiterRedis` (an `ioredis` client,
   * or a `redis` v4+ client with `useRedisPackage: true`).
   * @default { type: "memory" }
   * @example
   * rateLimit: { store: { type: "postgres", pool: new pg.Pool({ connectionString }) } }
   */
  store?: RateLimitStore;
}

/** A store for the rate limits shared by every process that is given the same one. */
export type RateLimitStore =
  | { type: "memory" }
  | {
      type: "postgres";
      /** A `pg` Pool (or anything with its `query(text, values)`). */
      pool: unknown;
      /**
       * @default "admit_rate_limits"
       * @example "rate_limits"
       */
      tableName?: string;
      /**
       * @default the pool's search_path
       * @example "admit"
       */
      schemaName?: string;
    }
  | {
      type: "redis";
      /** An `ioredis` client, or a `redis` (node-redis) client with `useRedisPackage`. */
      client: unknown;
      /**
       * Whether `client` is a `redis` (node-redis) client rather than an `ioredis` one.
       * @default false
       * @example true
       */
      useRedisPackage?: boolean;
    };

/** Payment links (`POST /admin/payment-links`): orders a manager or CRM creates, paid by link. */
export interface PaymentLinkOptions {
  /**
   * How long a link (and the seats its order holds) lasts when the request gives no `expiresAt`, in ms.
   * A provider with a shorter limit (Stripe Checkout: 24 h) shortens it.
   * @default 604_800_000 (7 days)
   * @example 3 * 86_400_000
   */
  ttl?: number;
  /**
   * The longest `expiresAt` a request may ask for, in ms from now (422 beyond).
   * @default 2_592_000_000 (30 days)
   * @example 14 * 86_400_000
   */
  maxTtl?: number;
  /**
   * Where the buyer lands after paying by link (`?admit_order=<id>` is added).
   * @example "https://shop.example.com/thanks"
   * @default the first of `allowedOrigins`, else the kit's own base URL
   */
  returnUrl?: string;
}

/** Waitlists: seats that come back on a tier with waiting entries are offered to them first. */
export interface WaitlistOptions {
  /**
   * How long an offer (a payment link the kit makes for the next entry, and the seats its order
   * holds) lasts, in ms; at least 5 minutes. A provider with a shorter limit (Stripe Checkout:
   * 24 h) shortens it.
   * @example 3_600_000 (1 hour)
   * @default 86_400_000 (24 hours)
   */
  offerTtl?: number;
}

/** One endpoint of the signed outbound webhook (`outboundWebhooks`). */
export interface OutboundWebhookOptions {
  /**
   * Where every order notification is POSTed; `http:` or `https:` only. Redirects are not followed.
   * @example "https://crm.example.com/hooks/admit"
   */
  url: string;
  /**
   * Standard Webhooks secret (`whsec_` + base64 of random bytes) that signs every delivery; the
   * receiver checks it with `verifyAdmitWebhook`.
   * @example `whsec_${randomBytes(32).toString("base64")}`
   */
  secret: string;
  /**
   * How long one delivery attempt may take (connect, send, answer headers) before it counts as failed.
   * @default 10_000
   * @example 5_000
   */
  timeoutMs?: number;
  /**
   * Attempts per notification before the kit gives up on it (recorded, and reported to `onError`).
   * Retries wait 30 s, 1 min, 2 min… doubling up to 6 h (and never less than `timeoutMs` + 5 s):
   * 15 attempts span about 32 hours.
   * @default 15
   * @example 5
   */
  maxAttempts?: number;
}

/**
 * Ticket codes signed with Ed25519 that a door scanner verifies offline (`verifyTicketCode` of
 * `@admit/client/ticket-codes`) with the event's public keys. See the README's "Signed ticket
 * codes" for the layout, the routes, rotation and what an offline scanner cannot know.
 */
export interface SignedTicketCodeOptions {
  /**
   * Encrypts each event's private signing key in the database (AES-256-GCM under a key derived
   * with HKDF-SHA-256): a copy of the database alone cannot sign tickets. At least 32
   * characters, the same in every process; keep it where the other secrets are, not in the
   * database. Lost or changed: the kit cannot open the old keys, so the next ticket of each event
   * retires its key (reported to `onError`) and a new key signs; issued tickets stay valid.
   * @example process.env.ADMIT_TICKET_KEY_SECRET!
   */
  keySecret: string;
  /**
   * How long after the event's end (its start when it has no end) a code still admits, in ms:
   * the end of the validity window a code carries. A code admits from the time it was issued.
   * @default 21_600_000 (6 hours)
   * @example 86_400_000
   */
  validAfterEventMs?: number;
}

/**
 * Apple Wallet passes (`GET /orders/:orderId/wallet.pkpass`), signed with the host's pass
 * certificates from the Apple Developer account (see the README, "Apple Wallet passes").
 * Needs the optional peer dependency `passkit-generator`.
 */
export interface AppleWalletOptions {
  /**
   * The Pass Type ID registered in the Apple Developer account.
   * @example "pass.com.example.tickets"
   */
  passTypeIdentifier: string;
  /**
   * The Team ID of the Apple Developer account (10 characters).
   * @example "A1B2C3D4E5"
   */
  teamIdentifier: string;
  /**
   * Shown on the pass and the lock screen.
   * @example "Example Tickets"
   */
  organizationName: string;
  /**
   * The Pass Type ID certificate, PEM.
   * @example readFileSync("certs/signerCert.pem")
   */
  signerCert: string | Uint8Array;
  /**
   * The certificate's private key, PEM (encrypted with `signerKeyPassphrase` or not).
   * @example readFileSync("certs/signerKey.pem")
   */
  signerKey: string | Uint8Array;
  /**
   * The passphrase of `signerKey`, if it is encrypted.
   * @default undefined
   * @example process.env.PASS_KEY_PASSPHRASE
   */
  signerKeyPassphrase?: string;
  /**
   * Apple's Worldwide Developer Relations intermediate certificate (G4), PEM.
   * @example readFileSync("certs/wwdr.pem")
   */
  wwdr: string | Uint8Array;
  /**
   * The pass's icon (PNG, at least 29×29; 58×58 looks sharp). Wallet requires one.
   * @default a plain square in `backgroundColor`
   * @example readFileSync("brand/icon@2x.png")
   */
  icon?: Uint8Array;
  /**
   * The pass's colours, as CSS `rgb()`.
   * @default { background: "rgb(28, 28, 30)", foreground: "rgb(255, 255, 255)", label: "rgb(174, 174, 178)" }
   * @example { background: "rgb(0, 82, 155)" }
   */
  colors?: { background?: string; foreground?: string; label?: string };
}

/** Options of {@link createAdmit}. */
export interface AdmitOptions {
  /**
   * Where orders live. The default needs the optional peer dependency `@electric-sql/pglite`.
   * @default createPgliteStore() (in-memory PGlite: data is lost on restart)
   * @example
   * store: createPostgresStore({ connectionString: process.env.DATABASE_URL })
   */
  store?: Store;
  /**
   * Payment providers; the first is used for checkouts. Webhooks arrive at `/webhooks/:name`.
   * Required: there is no default.
   * @example
   * providers: [stripeProvider({ secretKey: process.env.STRIPE_SECRET_KEY!, webhookSecret })]
   */
  providers: PaymentProvider[];
  /**
   * Absolute URL where the kit is mounted, e.g. `https://tickets.example.com/admit`; the
   * provider sends the buyer back to `{publicUrl}/return/:orderId`.
   * @default derived from each request's URL and the adapter's mount path
   * @example "https://tickets.example.com/admit"
   */
  publicUrl?: string;
  /**
   * How long a hold keeps its seats, in ms. It is also the payment's expiry.
   * @default 600_000 (10 minutes)
   * @example 15 * 60_000
   */
  holdTtl?: number;
  /**
   * How a hold's transaction commits. `"async"`: without waiting for PostgreSQL to flush its
   * write-ahead log (`synchronous_commit = off` for that transaction only), so a tier everyone
   * wants is not held one disk flush per hold. A crash of the database server (not of a host)
   * may then lose the holds of its last moments together with their kept answers: their seats
   * come back and their buyers Reserve again. Orders, payments, refunds and everything else
   * always wait for the flush, which writes those holds too. `"sync"`: holds wait as well.
   * @default "async"
   * @example "sync"
   */
  holdCommit?: "async" | "sync";
  /**
   * Origins (`https://shop.example.com`) allowed to call the public routes from a browser
   * (CORS) and to receive the buyer after payment (`returnUrl`).
   * @default [] (same origin only)
   * @example ["https://shop.example.com"]
   */
  allowedOrigins?: string[];
  /**
   * Admin hook: return the acting person, `null` to answer 401, or throw
   * `new AdmitError("forbidden")` to answer 403.
   * @default () => null (every admin request is refused)
   * @example
   * authorize: (request) => request.headers.get("authorization") === `Bearer ${token}` ? { id: "ops", name: "Ops" } : null
   */
  authorize?: (request: Request) => Actor | null | Promise<Actor | null>;
  /**
   * Clock for the `Date` header of answers only. Every expiry is decided by the database's
   * `now()`; rate-limit windows follow the system clock (`rate-limiter-flexible` keeps its own).
   * @default () => new Date()
   * @example () => new Date("2025-05-01T09:00:00Z")
   */
  clock?: () => Date;
  /**
   * Called after commit for every order status change; at least once (retried by `reconcilePending`).
   * @default undefined (no hook)
   * @example
   * onOrderEvent: async (event) => { if (event.status === "paid") await sendTickets(event.orderId); }
   */
  onOrderEvent?: (event: OrderEvent) => void | Promise<void>;
  /**
   * Signed outbound webhooks: every notification `onOrderEvent` hears is also POSTed to each
   * endpoint, at least once, retried with backoff across restarts. A process without this option
   * neither delivers nor changes the recorded endpoints; `[]` stops every endpoint.
   * @example [{ url: "https://crm.example.com/hooks/admit", secret: process.env.ADMIT_WEBHOOK_SECRET! }]
   * @default undefined
   */
  outboundWebhooks?: OutboundWebhookOptions[];
  /**
   * Issue ticket codes signed with Ed25519 (about 150-180 base32 characters, a version 6-7 QR
   * code at error correction M) that a door scanner verifies offline, instead of plain random
   * codes (20 hex digits) that only the server can check. An offline scanner knows only what it
   * last downloaded: a ticket voided after its last sync of the revocation list still verifies.
   * Check-in accepts both kinds, whatever this option says.
   * @default undefined (plain random codes)
   * @example { keySecret: process.env.ADMIT_TICKET_KEY_SECRET! }
   */
  signedTicketCodes?: SignedTicketCodeOptions;
  /**
   * Per-client-IP limits (in memory, per process, unless `store` is shared).
   * @default { holdsPerMinute: 30, requestsPerMinute: 600, store: { type: "memory" } }
   * @example { holdsPerMinute: 10 }
   */
  rateLimit?: RateLimitOptions;
  /**
   * Payment links: default and longest lifetime, return URL.
   * @default { ttl: 604_800_000, maxTtl: 2_592_000_000 }
   * @example { ttl: 3 * 86_400_000, returnUrl: "https://shop.example.com/thanks" }
   */
  paymentLinks?: PaymentLinkOptions;
  /**
   * Waitlist offers: how long one lasts.
   * @default { offerTtl: 86_400_000 }
   * @example { offerTtl: 3_600_000 }
   */
  waitlist?: WaitlistOptions;
  /**
   * Seats one client IP may hold at once, across events.
   * @default 20
   * @example 8
   */
  maxHeldSeatsPerClient?: number;
  /**
   * Polling a `pending_payment` order whose payment attempt is older than this looks the payment
   * up at the provider, at most once per this interval per order across all processes.
   * @default 10_000
   * @example 30_000
   */
  lookupAfterMs?: number;
  /**
   * Answer `GET /events/:eventId` from the view this process built in the last second (the
   * `Cache-Control: max-age=1` contract, kept by the kit itself): a crowd costs the database one
   * view per second per process. Whatever this process changes shows at once; a change made
   * elsewhere (another process, SQL beside the kit, holds that reach their expiry) within the
   * second. `false` builds every view from the database.
   * @default true
   * @example false
   */
  eventViewCache?: boolean;
  /**
   * Largest request body in bytes; larger bodies answer 422 `invalid_request`.
   * @default 65_536
   * @example 16_384
   */
  maxBodyBytes?: number;
  /**
   * Receives unexpected errors (answered as 500 `internal_error` without details).
   * @default console.error
   * @example (error) => logger.error({ err: error }, "admit")
   */
  onError?: (error: unknown) => void;
  /**
   * The host e-mails the buyer a confirmation when an order is paid: the receipt's
   * `confirmationSentTo` names the buyer's address, and `onOrderEvent` hears `order.paid` with
   * `confirmation` (the rendered e-mail with its links, in `confirmationLocale`) to send.
   * @default false
   * @example true
   */
  sendsConfirmationEmail?: boolean;
  /**
   * The language of the confirmation handed to `onOrderEvent`.
   * @default "en"
   * @example "de"
   */
  confirmationLocale?: "en" | "de";
  /**
   * Apple Wallet passes: the host's pass certificates. Without them `wallet.pkpass` answers 404
   * and the receipt's `downloads.wallet` is null.
   * @default undefined
   * @example
   * appleWallet: { passTypeIdentifier: "pass.com.example.tickets", teamIdentifier: "A1B2C3D4E5",
   *   organizationName: "Example", signerCert, signerKey, wwdr }
   */
  appleWallet?: AppleWalletOptions;
  /**
   * FOR THE OVERSELL CONTROL TEST ONLY. Skips the tier row locks that make holds atomic (and
   * the reclamation under them), so the race test can show it would catch an oversell; the
   * control also drops the `admit_tiers_capacity` CHECK in its own schema, the second guard.
   * Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisableCapacityLock?: boolean;
  /**
   * FOR THE PER-CLIENT-CAP CONTROL TEST ONLY. Skips the client's advisory lock that serializes
   * one client's holds, so the race test can show it would catch a client holding more than
   * `maxHeldSeatsPerClient` seats. Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisablePerClientLock?: boolean;
  /**
   * FOR THE PROMO-CODE RACE CONTROL TEST ONLY. Reads a promo code without its row lock in the
   * hold's transaction, so the race test can show it would catch a code used more than its
   * `maxUses`. Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisablePromoCodeLock?: boolean;
  /**
   * FOR THE PARTIAL-CANCEL CONTROL TEST ONLY. Plans a cancel of a paid order (which tickets,
   * whether that leaves none valid) from a read taken before the order row lock, so the race
   * test can show it would catch two partial cancels that void every ticket and leave the order
   * paid. Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisableCancelLock?: boolean;
  /**
   * FOR THE DOUBLE CHECK-IN CONTROL TEST ONLY. Replaces the check-in's conditional update with a
   * plain read-then-write, so the race test can show it would catch a ticket admitted twice.
   * Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisableCheckInGuard?: boolean;
  /**
   * FOR THE OVER-REFUND CONTROL TEST ONLY. Skips the order row lock under which a refund checks
   * what remains refundable, so the race test can show it would catch an over-refund.
   * Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisableRefundLock?: boolean;
  /**
   * FOR THE DUPLICATE-DELIVERY CONTROL TEST ONLY. Reads due webhook deliveries without claiming
   * them, so the race test can show it would catch a notification delivered twice at once.
   * Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisableWebhookClaim?: boolean;
  /**
   * FOR THE DUPLICATE-NOTIFICATION CONTROL TEST ONLY. Skips the unique key (provider, webhook id)
   * that deduplicates incoming provider notifications, so the race test can show it would catch
   * one notification recorded several times. Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisableWebhookDedup?: boolean;
  /**
   * FOR THE WAITLIST-FIRST CONTROL TEST ONLY. Public availability stops setting aside the seats
   * of waiting entries, and requests that free seats no longer offer them to the waitlist (only
   * `reconcilePending` does), so the test can show it would catch a buyer taking a seat that
   * came back before the waitlist was offered it. Never set it in an application.
   * @internal
   * @default false
   */
  unsafeDisableWaitlistFirst?: boolean;
  /**
   * FOR THE EXTRA-PAYMENT CONTROL TEST ONLY. Reconciliation flags an extra payment only while
   * another payment of its order also still holds money (the rule before issue 20), so the test
   * can show it would catch an extra payment hidden once the order's own payment was refunded.
   * Never set it in an application.
   * @internal
   * @default false
   */
  unsafeOldExtraPaymentRule?: boolean;
}

/** {@link OutboundWebhookOptions} checked, with defaults applied and the signer built. */
export interface ResolvedOutboundWebhook {
  /** The normalized URL (`new URL(url).href`): the endpoint's key in the database. */
  url: string;
  signer: Webhook;
  timeoutMs: number;
  maxAttempts: number;
}

/** {@link AdmitOptions} with every default applied (the one place defaults live). */
export interface ResolvedAdmitOptions {
  store: Store;
  providers: PaymentProvider[];
  publicUrl: string | undefined;
  holdTtl: number;
  holdCommit: "async" | "sync";
  allowedOrigins: ReadonlySet<string>;
  authorize: (request: Request) => Actor | null | Promise<Actor | null>;
  clock: () => Date;
  onOrderEvent: ((event: OrderEvent) => void | Promise<void>) | undefined;
  outboundWebhooks: ResolvedOutboundWebhook[] | undefined;
  /** The key that encrypts private signing keys (derived from `keySecret`), and the window. */
  signedTicketCodes: { encryptionKey: Buffer; validAfterEventMs: number } | undefined;
  rateLimit: Required<RateLimitOptions>;
  paymentLinks: { ttl: number; maxTtl: number; returnUrl: string | undefined };
  waitlist: { offerTtl: number };
  maxHeldSeatsPerClient: number;
  lookupAfterMs: number;
  eventViewCache: boolean;
  maxBodyBytes: number;
  onError: (error: unknown) => void;
  sendsConfirmationEmail: boolean;
  confirmationLocale: "en" | "de";
  appleWallet: AppleWalletOptions | undefined;
  unsafeDisableCapacityLock: boolean;
  unsafeDisablePerClientLock: boolean;
  unsafeDisablePromoCodeLock: boolean;
  unsafeDisableCancelLock: boolean;
  unsafeDisableCheckInGuard: boolean;
  unsafeDisableRefundLock: boolean;
  unsafeDisableWebhookClaim: boolean;
  unsafeDisableWebhookDedup: boolean;
  unsafeDisableWaitlistFirst: boolean;
  unsafeOldExtraPaymentRule: boolean;
}

/**
 * Every default of {@link createAdmit}, in one place: an option left out takes its value here
 * (`store` defaults to an in-memory PGlite store, `publicUrl` to each request's own URL).
 */
export const ADMIT_DEFAULTS = {
  holdTtl: 10 * 60_000,
  holdCommit: "async" as "async" | "sync",
  allowedOrigins: [] as readonly string[],
  authorize: (): Actor | null => null,
  clock: (): Date => new Date(),
  rateLimit: {
    holdsPerMinute: 30,
    requestsPerMinute: 600,
    store: { type: "memory" } as RateLimitStore,
  },
  paymentLinks: { ttl: 7 * 86_400_000, maxTtl: 30 * 86_400_000 },
  waitlist: { offerTtl: 86_400_000 },
  outboundWebhook: { timeoutMs: 10_000, maxAttempts: 15 },
  /** When `signedTicketCodes` is given; left out, codes are plain and random. */
  signedTicketCodes: { validAfterEventMs: 6 * 3_600_000 },
  maxHeldSeatsPerClient: 20,
  lookupAfterMs: 10_000,
  eventViewCache: true,
  maxBodyBytes: 65_536,
  onError: (error: unknown): void => console.error("@admit/server-kit:", error),
  sendsConfirmationEmail: false,
  confirmationLocale: "en",
  unsafe: false,
} as const;

export function resolveAdmitOptions(
  options: AdmitOptions,
  defaultStore: () => Store,
): ResolvedAdmitOptions {
  if (options.providers.length === 0)
    throw new TypeError(
      failureMessage("create the kit: `providers` is empty", "give at least one payment provider"),
    );
  const names = new Set(options.providers.map((p) => p.name));
  if (names.size !== options.providers.length)
    throw new TypeError(
      failureMessage(
        "create the kit: two providers have the same name",
        "give each provider a unique name (its webhooks arrive at /webhooks/:name)",
      ),
    );
  const offerTtl = options.waitlist?.offerTtl ?? ADMIT_DEFAULTS.waitlist.offerTtl;
  if (!Number.isFinite(offerTtl) || offerTtl < 5 * 60_000)
    throw new TypeError(
      failureMessage(
        `create the kit: \`waitlist.offerTtl\` is ${offerTtl}`,
        "set it to at least 300_000 ms (5 minutes)",
      ),
    );
  if (options.holdCommit !== undefined && !["async", "sync"].includes(options.holdCommit))
    throw new TypeError(
      failureMessage(
        `create the kit: \`holdCommit\` is ${JSON.stringify(options.holdCommit)}`,
        'set it to "async" or "sync"',
      ),
    );
  return {
    store: options.store ?? defaultStore(),
    providers: options.providers,
    publicUrl: options.publicUrl?.replace(/\/+$/, ""),
    holdTtl: options.holdTtl ?? ADMIT_DEFAULTS.holdTtl,
    holdCommit: options.holdCommit ?? ADMIT_DEFAULTS.holdCommit,
    allowedOrigins: new Set(
      (options.allowedOrigins ?? ADMIT_DEFAULTS.allowedOrigins).map((o) => new URL(o).origin),
    ),
    authorize: options.authorize ?? ADMIT_DEFAULTS.authorize,
    clock: options.clock ?? ADMIT_DEFAULTS.clock,
    onOrderEvent: options.onOrderEvent,
    outboundWebhooks: resolveOutboundWebhooks(options.outboundWebhooks),
    signedTicketCodes: resolveSignedTicketCodes(options.signedTicketCodes),
    rateLimit: {
      holdsPerMinute: options.rateLimit?.holdsPerMinute ?? ADMIT_DEFAULTS.rateLimit.holdsPerMinute,
      requestsPerMinute:
        options.rateLimit?.requestsPerMinute ?? ADMIT_DEFAULTS.rateLimit.requestsPerMinute,
      store: options.rateLimit?.store ?? ADMIT_DEFAULTS.rateLimit.store,
    },
    paymentLinks: {
      ttl: options.paymentLinks?.ttl ?? ADMIT_DEFAULTS.paymentLinks.ttl,
      maxTtl: options.paymentLinks?.maxTtl ?? ADMIT_DEFAULTS.paymentLinks.maxTtl,
      returnUrl: options.paymentLinks?.returnUrl,
    },
    waitlist: { offerTtl },
    maxHeldSeatsPerClient: options.maxHeldSeatsPerClient ?? ADMIT_DEFAULTS.maxHeldSeatsPerClient,
    lookupAfterMs: options.lookupAfterMs ?? ADMIT_DEFAULTS.lookupAfterMs,
    eventViewCache: options.eventViewCache ?? ADMIT_DEFAULTS.eventViewCache,
    maxBodyBytes: options.maxBodyBytes ?? ADMIT_DEFAULTS.maxBodyBytes,
    onError: options.onError ?? ADMIT_DEFAULTS.onError,
    sendsConfirmationEmail: options.sendsConfirmationEmail ?? ADMIT_DEFAULTS.sendsConfirmationEmail,
    confirmationLocale: options.confirmationLocale ?? ADMIT_DEFAULTS.confirmationLocale,
    appleWallet: options.appleWallet,
    unsafeDisableCapacityLock: options.unsafeDisableCapacityLock ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisablePerClientLock: options.unsafeDisablePerClientLock ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisablePromoCodeLock: options.unsafeDisablePromoCodeLock ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisableCancelLock: options.unsafeDisableCancelLock ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisableCheckInGuard: options.unsafeDisableCheckInGuard ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisableRefundLock: options.unsafeDisableRefundLock ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisableWebhookClaim: options.unsafeDisableWebhookClaim ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisableWebhookDedup: options.unsafeDisableWebhookDedup ?? ADMIT_DEFAULTS.unsafe,
    unsafeDisableWaitlistFirst: options.unsafeDisableWaitlistFirst ?? ADMIT_DEFAULTS.unsafe,
    unsafeOldExtraPaymentRule: options.unsafeOldExtraPaymentRule ?? ADMIT_DEFAULTS.unsafe,
  };
}

function resolveSignedTicketCodes(
  options: SignedTicketCodeOptions | undefined,
): ResolvedAdmitOptions["signedTicketCodes"] {
  if (!options) return undefined;
  if (typeof options.keySecret !== "string" || options.keySecret.length < 32)
    throw new TypeError(
      failureMessage(
        "create the kit: `signedTicketCodes.keySecret` is shorter than 32 characters",
        "give it at least 32 random characters, e.g. randomBytes(32).toString('base64url')",
      ),
    );
  const validAfterEventMs =
    options.validAfterEventMs ?? ADMIT_DEFAULTS.signedTicketCodes.validAfterEventMs;
  if (!Number.isFinite(validAfterEventMs) || validAfterEventMs < 0)
    throw new TypeError(
      failureMessage(
        `create the kit: \`signedTicketCodes.validAfterEventMs\` is ${validAfterEventMs}`,
        "set it to a number of ms >= 0",
      ),
    );
  const encryptionKey = Buffer.from(
    hkdfSync("sha256", options.keySecret, "admit", "admit ticket signing keys v1", 32),
  );
  return { encryptionKey, validAfterEventMs };
}

function resolveOutboundWebhooks(
  endpoints: OutboundWebhookOptions[] | undefined,
): ResolvedOutboundWebhook[] | undefined {
  const resolved = endpoints?.map(resolveOutboundWebhook);
  if (resolved && new Set(resolved.map((e) => e.url)).size !== resolved.length)
    throw new TypeError(
      failureMessage(
        "create the kit: two `outboundWebhooks` have the same URL",
        "give each endpoint a unique URL",
      ),
    );
  return resolved;
}

function resolveOutboundWebhook(endpoint: OutboundWebhookOptions): ResolvedOutboundWebhook {
  const url = URL.parse(endpoint.url);
  if (url?.protocol !== "https:" && url?.protocol !== "http:")
    throw new TypeError(
      failureMessage(
        `create the kit: \`outboundWebhooks[].url\` is ${url ? `a ${url.protocol} URL` : "no absolute URL"}`,
        "give it as an absolute http(s) URL",
      ),
    );
  const signer = standardWebhook(
    endpoint.secret,
    `create the kit: the outbound webhook ${url.origin}`,
  );
  const timeoutMs = endpoint.timeoutMs ?? ADMIT_DEFAULTS.outboundWebhook.timeoutMs;
  const maxAttempts = endpoint.maxAttempts ?? ADMIT_DEFAULTS.outboundWebhook.maxAttempts;
  if (!(timeoutMs > 0))
    throw new TypeError(
      failureMessage(
        `create the kit: \`outboundWebhooks[].timeoutMs\` is ${timeoutMs}`,
        "set it to a number of ms > 0",
      ),
    );
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new TypeError(
      failureMessage(
        `create the kit: \`outboundWebhooks[].maxAttempts\` is ${maxAttempts}`,
        "set it to a positive integer",
      ),
    );
  return { url: url.href, signer, timeoutMs, maxAttempts };
}
