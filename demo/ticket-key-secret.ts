import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DemoConfigError } from "./demo-provider.js";

/**
 * The demo's `signedTicketCodes.keySecret` from `ADMIT_TICKET_KEY_SECRET`: `off` for plain random
 * codes (undefined), a given secret of 32+ characters, or else one generated once and kept in
 * `<dataDir>/ticket-key-secret` (it decrypts the stored signing keys, so it must outlive a restart).
 *
 * @example ticketKeySecretFromEnv(process.env, ".admit-data") // "Q2x…" (generated on first use)
 */
export function ticketKeySecretFromEnv(
  env: Record<string, string | undefined>,
  dataDir: string,
): string | undefined {
  const given = env.ADMIT_TICKET_KEY_SECRET;
  if (given === "off") return undefined;
  if (given !== undefined && given !== "") {
    if (given.length < 32) {
      throw new DemoConfigError(
        `ADMIT_TICKET_KEY_SECRET must have at least 32 characters (it encrypts the ticket signing keys), or be "off" for plain ticket codes`,
      );
    }
    return given;
  }
  const file = join(dataDir, "ticket-key-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
