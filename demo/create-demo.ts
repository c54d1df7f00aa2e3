import { randomBytes } from "node:crypto";
import type { RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Admit, createAdmit, createPgliteStore, createPostgresStore } from "@admit/server-kit";
import {
  createSandboxService,
  generateWebhookSecret,
  type SandboxService,
  sandboxProvider,
} from "@admit/server-kit/sandbox";
import { bearerAuthorizer } from "./admin-authorizer.js";
import { type DemoProviderChoice, externalProvider } from "./demo-provider.js";
import { createExpressHost } from "./host/express-host.js";
import { createFastifyHost } from "./host/fastify-host.js";
import { toNodeListener } from "./host/fetch-listener.js";
import { listenHostServer } from "./host/host-server.js";
import { type DemoMailbox, MAIL_PATH, startDemoMailbox } from "./mail/demo-mailbox.js";
import { seedDemoEvent } from "./seed-demo-event.js";
import { assertWidgetBundleBuilt } from "./site/site-assets.js";

/** Where the sandbox payment provider is mounted, beside the host's site. */
export const SANDBOX_PATH = "/sandbox";

/** Options of {@link createDemo}; every default is here. */
export interface DemoOptions {
  /**
   * Port to listen on; `0` picks a free one (tests).
   * @default 3000
   */
  port?: number;
  /**
   * Interface to bind. The demo prints its admin token, so it stays on loopback unless asked.
   * @default "127.0.0.1"
   */
  hostname?: string;
  /**
   * Base URL the browser uses; its origin is the one allowed for CORS and return URLs
   * (`http://127.0.0.1:<port>` is allowed too).
   * @default `http://localhost:<port>`
   */
  publicUrl?: string;
  /**
   * The host's web framework; both mount the same kit.
   * @default "express"
   */
  framework?: "express" | "fastify";
  /**
   * Directory for the embedded PGlite database (`<dataDir>/pglite`) and the sandbox's payments
   * (`<dataDir>/sandbox.json`).
   * @default undefined (both in memory: nothing survives a restart)
   */
  dataDir?: string;
  /**
   * A PostgreSQL server instead of PGlite, e.g. `postgres://postgres@127.0.0.1:5432/test`.
   * @default undefined
   */
  databaseUrl?: string;
  /**
   * Schema of the kit's tables on `databaseUrl`.
   * @default "public"
   */
  databaseSchema?: string;
  /**
   * How long a hold, and with it the payment page, stays valid, in ms.
   * @default the kit's default (600_000, 10 minutes)
   */
  holdTtl?: number;
  /**
   * Polling a pending order looks its payment up at the sandbox once the attempt is this old
   * (ms), so a lost webhook never strands an order.
   * @default the kit's default (10_000)
   */
  lookupAfterMs?: number;
  /**
   * How often pending orders are looked up at the provider and expired when due, so an order
   * whose buyer never came back still settles.
   * @default 30_000
   */
  reconcileEveryMs?: number;
  /**
   * `false` switches the sandbox's webhooks off: orders then reach `paid` by status lookup.
   * @default true
   */
  sandboxWebhooks?: boolean;
  /**
   * Bearer token of the admin routes.
   * @default a random token (see {@link Demo.adminToken})
   */
  adminToken?: string;
  /**
   * Standard Webhooks secret (`whsec_…`) shared by the sandbox and the kit.
   * @default a generated secret
   */
  sandboxWebhookSecret?: string;
  /**
   * The payment provider of new checkouts: the built-in sandbox, or Stripe or Mollie in their
   * test mode with your keys (read from the environment by `providerFromEnv`). The sandbox keeps
   * running beside either, so its earlier payments still resolve.
   * @default { kind: "sandbox" }
   */
  provider?: DemoProviderChoice;
  /**
   * Issue signed ticket codes (the kit's `signedTicketCodes`) with this `keySecret` (32+
   * characters); keep it across restarts, since it decrypts the stored signing keys.
   * @default undefined (plain random codes)
   */
  ticketKeySecret?: string;
  /**
   * Create the `demo` event on start when it does not exist.
   * @default true
   */
  seed?: boolean;
  /**
   * Send the buyer's confirmation e-mail when an order is paid (the kit's
   * `sendsConfirmationEmail`), with nodemailer through an SMTP server the demo starts on
   * 127.0.0.1; what arrives is shown at `/mail`.
   * @default true
   */
  mail?: boolean;
  /**
   * **For the fuzz suite's control only**: a request to the kit whose URL contains this text
   * fails inside the host with an error nobody expected (answered 500), so the fuzz suite can
   * show that it finds such a request.
   * @default undefined (off)
   */
  unsafeFailOn?: string;
}

/** A running demo. */
export interface Demo {
  /** The organizer's site, e.g. `http://localhost:3000`; the kit is at `${url}/admit`. */
  url: string;
  adminToken: string;
  sandboxWebhookSecret: string;
  /** Which secrets were generated rather than given, so the CLI can print them. */
  generated: { adminToken: boolean; sandboxWebhookSecret: boolean };
  /** Whether this start created the `demo` event. */
  seeded: boolean;
  framework: "express" | "fastify";
  /** The provider of new checkouts. */
  provider: DemoProviderChoice["kind"];
  admit: Admit;
  sandbox: SandboxService;
  /** The demo's SMTP server and what it received (shown at `/mail`); undefined with `mail: false`. */
  mailbox: DemoMailbox | undefined;
  close(): Promise<void>;
}

/**
 * Starts the whole demo in this process: the organizer's page with the widget's script-tag
 * bundle, the kit at `/admit` on Express or Fastify, and the sandbox payment provider at
 * `/sandbox` sending signed webhooks to the kit.
 *
 * @example
 * const demo = await createDemo({ port: 0, framework: "fastify", holdTtl: 3_000 });
 * console.log(demo.url);
 * await demo.close();
 */
export async function createDemo(options: DemoOptions = {}): Promise<Demo> {
  assertWidgetBundleBuilt();
  const framework = options.framework ?? "express";
  const adminToken = options.adminToken ?? randomBytes(24).toString("base64url");
  const sandboxWebhookSecret = options.sandboxWebhookSecret ?? generateWebhookSecret();
  const host = await listenHostServer({
    port: options.port ?? 3000,
    hostname: options.hostname ?? "127.0.0.1",
  });
  const cleanups: Array<() => Promise<unknown> | unknown> = [() => host.close()];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const url = (options.publicUrl ?? `http://localhost:${host.port}`).replace(/\/$/, "");
    // Server-to-server calls (kit → sandbox API, sandbox → kit webhooks) skip name resolution.
    const internalUrl = `http://${loopbackAddress(host.server.address() as AddressInfo)}:${host.port}`;

    // The key only authenticates the kit to the sandbox inside this process, so a new one per
    // start is enough.
    const sandboxApiKey = `sk_sandbox_${randomBytes(18).toString("base64url")}`;
    const sandbox = createSandboxService({
      apiKey: sandboxApiKey,
      webhookSecret: sandboxWebhookSecret,
      publicUrl: `${url}${SANDBOX_PATH}`,
      webhookUrl: `${internalUrl}/admit/webhooks/sandbox`,
      webhooks: options.sandboxWebhooks ?? true,
      dataFile: options.dataDir && join(options.dataDir, "sandbox.json"),
    });
    cleanups.push(() => sandbox.close());

    const store = options.databaseUrl
      ? createPostgresStore({
          connectionString: options.databaseUrl,
          schema: options.databaseSchema,
        })
      : createPgliteStore({ dataDir: options.dataDir && join(options.dataDir, "pglite") });
    const sandboxPayments = sandboxProvider({
      url: `${internalUrl}${SANDBOX_PATH}`,
      apiKey: sandboxApiKey,
      webhookSecret: sandboxWebhookSecret,
    });
    const choice = options.provider ?? { kind: "sandbox" };
    const mailbox = (options.mail ?? true) ? await startDemoMailbox() : undefined;
    if (mailbox) cleanups.push(() => mailbox.close());
    const admit = createAdmit({
      store,
      // The first provider takes new checkouts.
      providers:
        choice.kind === "sandbox"
          ? [sandboxPayments]
          : [externalProvider(choice, `${url}/admit`), sandboxPayments],
      publicUrl: `${url}/admit`,
      allowedOrigins: [new URL(url).origin, `http://127.0.0.1:${host.port}`],
      authorize: bearerAuthorizer(adminToken),
      holdTtl: options.holdTtl,
      lookupAfterMs: options.lookupAfterMs,
      ...(options.ticketKeySecret
        ? { signedTicketCodes: { keySecret: options.ticketKeySecret } }
        : {}),
      ...(mailbox && {
        // The host sends the confirmation the kit renders, as a real host would with its mailer.
        sendsConfirmationEmail: true,
        onOrderEvent: async (event) => {
          if (event.confirmation) await mailbox.send(event.confirmation);
        },
      }),
    });
    cleanups.push(() => admit.close());
    await admit.migrate();

    const hosted = options.unsafeFailOn ? failingOn(admit, options.unsafeFailOn) : admit;
    const app =
      framework === "fastify"
        ? await createFastifyHost(hosted, host.server)
        : { app: undefined, listener: createExpressHost(hosted) as RequestListener };
    if (app.app) cleanups.push(() => app.app?.close());
    const sandboxListener = toNodeListener(sandbox.handle, internalUrl);
    const mailListener = toNodeListener(
      async (request) =>
        mailbox?.respond(new URL(request.url).pathname) ??
        new Response("Not found", { status: 404 }),
      internalUrl,
    );
    host.setListener((req, res) => {
      const path = req.url ?? "/";
      if (path === SANDBOX_PATH || path.startsWith(`${SANDBOX_PATH}/`)) {
        void sandboxListener(req, res);
      } else if (mailbox && (path === MAIL_PATH || path.startsWith(`${MAIL_PATH}/`))) {
        void mailListener(req, res);
      } else {
        app.listener(req, res);
      }
    });

    const stopBackgroundWork = admit.startBackgroundWork({
      every: options.reconcileEveryMs ?? 30_000,
    });
    cleanups.push(stopBackgroundWork);

    const seeded =
      (options.seed ?? true) && (await seedDemoEvent({ api: `${internalUrl}/admit`, adminToken }));
    return {
      url,
      adminToken,
      sandboxWebhookSecret,
      generated: {
        adminToken: options.adminToken === undefined,
        sandboxWebhookSecret: options.sandboxWebhookSecret === undefined,
      },
      seeded,
      framework,
      provider: choice.kind,
      admit,
      sandbox,
      mailbox,
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

function loopbackAddress(address: AddressInfo): string {
  if (address.address === "0.0.0.0" || address.address === "::") return "127.0.0.1";
  return address.family === "IPv6" ? `[${address.address}]` : address.address;
}

/** The kit, except that a request whose URL contains `needle` fails (see `unsafeFailOn`). */
function failingOn(admit: Admit, needle: string): Admit {
  return {
    ...admit,
    handle: (request, context) =>
      request.url.includes(needle)
        ? Promise.reject(new Error(`unsafeFailOn: the URL contains ${JSON.stringify(needle)}`))
        : admit.handle(request, context),
  };
}
