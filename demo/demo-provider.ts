import type { PaymentProvider } from "@admit/server-kit";
import { mollieProvider } from "@admit/server-kit/mollie";
import { STRIPE_WEBHOOK_EVENTS, stripeProvider } from "@admit/server-kit/stripe";

/** The payment provider the demo's kit uses, with its keys. */
export type DemoProviderChoice =
  | { kind: "sandbox" }
  | { kind: "stripe"; secretKey: string; webhookSecret: string }
  | { kind: "mollie"; apiKey: string; webhookUrl?: string };

/** The demo's configuration cannot work; the message says which variable to set and how. */
export class DemoConfigError extends Error {
  override readonly name = "DemoConfigError";
}

const PROVIDERS = ["sandbox", "stripe", "mollie"] as const;

function required(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  pattern: RegExp,
  what: string,
): string {
  const value = env[name]?.trim();
  if (!value)
    throw new DemoConfigError(`ADMIT_PROVIDER=${env.ADMIT_PROVIDER} needs ${name}: ${what}`);
  if (!pattern.test(value)) throw new DemoConfigError(`${name} does not look right: ${what}`);
  return value;
}

/**
 * Reads `ADMIT_PROVIDER` (`sandbox`, the default, `stripe` or `mollie`) and the provider's keys
 * from the environment: `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET`, or `MOLLIE_API_KEY` (and
 * optionally `MOLLIE_WEBHOOK_URL`). Throws {@link DemoConfigError} naming what is missing.
 *
 * @example
 * providerFromEnv({ ADMIT_PROVIDER: "mollie", MOLLIE_API_KEY: "test_…" });
 */
export function providerFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): DemoProviderChoice {
  const kind = env.ADMIT_PROVIDER?.trim() || "sandbox";
  switch (kind) {
    case "sandbox":
      return { kind };
    case "stripe":
      return {
        kind,
        secretKey: required(
          env,
          "STRIPE_SECRET_KEY",
          /^(sk|rk)_(test|live)_/,
          "the secret key of your Stripe account (sk_test_… in test mode), from the Dashboard's Developers → API keys",
        ),
        webhookSecret: required(
          env,
          "STRIPE_WEBHOOK_SECRET",
          /^whsec_/,
          `the signing secret (whsec_…) of a webhook endpoint for ${STRIPE_WEBHOOK_EVENTS.join(", ")}; \`stripe listen\` prints one`,
        ),
      };
    case "mollie": {
      const webhookUrl = env.MOLLIE_WEBHOOK_URL?.trim();
      return {
        kind,
        apiKey: required(
          env,
          "MOLLIE_API_KEY",
          /^(test|live)_\w+$/,
          "the API key of your Mollie website profile (test_… in test mode), from the Dashboard's Developers → API keys",
        ),
        ...(webhookUrl ? { webhookUrl } : {}),
      };
    }
    default:
      throw new DemoConfigError(
        `ADMIT_PROVIDER must be one of ${PROVIDERS.join(", ")}, not "${kind}"`,
      );
  }
}

/** Mollie calls the webhook from the internet: it refuses local addresses. */
function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^(127|10)\./.test(host) ||
    /^192\.168\./.test(host)
  );
}

/**
 * The kit's provider for a Stripe or Mollie choice; `kitUrl` is the kit's public URL
 * (`<site>/admit`). Mollie needs it (or `MOLLIE_WEBHOOK_URL`) reachable from the internet.
 *
 * @example
 * const provider = externalProvider(providerFromEnv(process.env), "https://abc.tunnel.example/admit");
 */
export function externalProvider(
  choice: Exclude<DemoProviderChoice, { kind: "sandbox" }>,
  kitUrl: string,
): PaymentProvider {
  if (choice.kind === "stripe")
    return stripeProvider({ secretKey: choice.secretKey, webhookSecret: choice.webhookSecret });
  const webhookUrl = choice.webhookUrl ?? `${kitUrl}/webhooks/mollie`;
  if (isLocal(webhookUrl))
    throw new DemoConfigError(
      `Mollie calls ${webhookUrl} for every payment and refuses local addresses: set ADMIT_PUBLIC_URL to a public URL of this demo (e.g. an https tunnel to its port), or MOLLIE_WEBHOOK_URL to a public URL that forwards to /admit/webhooks/mollie`,
    );
  return mollieProvider({
    apiKey: choice.apiKey,
    ...(choice.webhookUrl ? { webhookUrl: choice.webhookUrl } : {}),
  });
}
