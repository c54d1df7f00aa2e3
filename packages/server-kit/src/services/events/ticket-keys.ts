import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import type { Actor, TicketKey } from "@admit/client/contract";
import type { ResolvedAdmitOptions } from "../../admit-options.js";
import { AdmitError } from "../../errors/admit-error.js";
import type { Queryable } from "../../store/store.js";
import { appendTimeline } from "../timeline/timeline.js";

type Encryption = NonNullable<ResolvedAdmitOptions["signedTicketCodes"]>;

export interface TicketKeyRow {
  kid: string;
  event_id: string;
  public_key: string;
  private_key_encrypted: string;
  status: "active" | "retired";
  created_at: Date;
  retired_at: Date | null;
}

const SELECT_KEYS = "select * from admit_ticket_keys";

function toTicketKey(row: TicketKeyRow): TicketKey {
  return {
    kid: row.kid,
    eventId: row.event_id,
    algorithm: "Ed25519",
    publicKey: row.public_key,
    jwk: { kty: "OKP", crv: "Ed25519", x: row.public_key, kid: row.kid, use: "sig", alg: "EdDSA" },
    status: row.status,
    createdAt: row.created_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
  };
}

/** The private key's PKCS #8 bytes under AES-256-GCM, bound to its key id and event. */
function encryptPrivateKey(key: Encryption, kid: string, eventId: string, der: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.encryptionKey, iv);
  cipher.setAAD(Buffer.from(`${kid}:${eventId}`));
  const sealed = Buffer.concat([cipher.update(der), cipher.final()]);
  return ["v1", iv, sealed, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

function decryptPrivateKey(key: Encryption, row: TicketKeyRow): KeyObject {
  const [version, iv, sealed, tag] = row.private_key_encrypted.split(".");
  try {
    if (version !== "v1") throw new Error(`unknown format ${version}`);
    const decipher = createDecipheriv(
      "aes-256-gcm",
      key.encryptionKey,
      Buffer.from(iv!, "base64url"),
    );
    decipher.setAAD(Buffer.from(`${row.kid}:${row.event_id}`));
    decipher.setAuthTag(Buffer.from(tag!, "base64url"));
    const der = Buffer.concat([
      decipher.update(Buffer.from(sealed!, "base64url")),
      decipher.final(),
    ]);
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch (error) {
    throw new Error(
      `Cannot decrypt the ticket signing key ${row.kid} of event ${row.event_id}: was \`signedTicketCodes.keySecret\` changed? Rotate the event's key (POST /admin/events/${row.event_id}/ticket-keys).`,
      { cause: error },
    );
  }
}

/** Insert a new active key for the event; nothing when another active key won the race. */
async function insertKey(q: Queryable, key: Encryption, eventId: string): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const kid = randomBytes(4).toString("hex");
  await q.query(
    `insert into admit_ticket_keys (kid, event_id, public_key, private_key_encrypted, status)
     values ($1, $2, $3, $4, 'active') on conflict do nothing`,
    [
      kid,
      eventId,
      publicKey.export({ format: "jwk" }).x,
      encryptPrivateKey(key, kid, eventId, privateKey.export({ format: "der", type: "pkcs8" })),
    ],
  );
}

async function activeKey(q: Queryable, eventId: string): Promise<TicketKeyRow | undefined> {
  const rows = await q.query<TicketKeyRow>(
    `${SELECT_KEYS} where event_id = $1 and status = 'active'`,
    [eventId],
  );
  return rows[0];
}

/**
 * The event's active key row, made on first use. Two transactions making one at once: the
 * unique index on active keys lets one insert win, the other reads the winner's key.
 */
export async function ensureSigningKey(
  q: Queryable,
  key: Encryption,
  eventId: string,
): Promise<TicketKeyRow> {
  let row = await activeKey(q, eventId);
  // A second attempt only when 4 random bytes repeated a key id of another event.
  for (let attempt = 0; !row && attempt < 3; attempt++) {
    await insertKey(q, key, eventId);
    row = await activeKey(q, eventId);
  }
  if (!row) throw new Error(`No ticket signing key could be made for event ${eventId}`);
  return row;
}

/**
 * The event's active signing key (made on first use), decrypted to sign with. A key that
 * `keySecret` cannot open (the secret changed) throws, unless `onUnreadable` is given: then the
 * error goes there, the key is retired (still published: the tickets it signed stay valid) and a
 * new one signs, with an `event.ticket_key_rotated` timeline entry, so a paid order still gets
 * its tickets.
 */
export async function activeSigningKey(
  q: Queryable,
  key: Encryption,
  eventId: string,
  onUnreadable?: (error: unknown) => void,
): Promise<{ kid: string; privateKey: KeyObject }> {
  const row = await ensureSigningKey(q, key, eventId);
  try {
    return { kid: row.kid, privateKey: decryptPrivateKey(key, row) };
  } catch (error) {
    if (!onUnreadable) throw error;
    onUnreadable(error);
    await q.query(
      "update admit_ticket_keys set status = 'retired', retired_at = now() where kid = $1 and status = 'active'",
      [row.kid],
    );
    const fresh = await ensureSigningKey(q, key, eventId);
    await appendTimeline(q, {
      type: "event.ticket_key_rotated",
      actor: { system: "ticket-keys" },
      eventId,
      reason: "keySecret cannot decrypt the active key",
      data: { kid: fresh.kid, retired: [row.kid] },
    });
    return { kid: fresh.kid, privateKey: decryptPrivateKey(key, fresh) };
  }
}

/** Every key of the event: the active one first, then retired ones newest first. */
export async function listTicketKeys(q: Queryable, eventId: string): Promise<TicketKey[]> {
  const rows = await q.query<TicketKeyRow>(
    `${SELECT_KEYS} where event_id = $1
     order by status = 'active' desc, created_at desc, kid`,
    [eventId],
  );
  return rows.map(toTicketKey);
}

/** The public key with this id (any event, active or retired). */
export async function findTicketKey(q: Queryable, kid: string): Promise<TicketKey | undefined> {
  const rows = await q.query<TicketKeyRow>(`${SELECT_KEYS} where kid = $1`, [kid]);
  return rows[0] && toTicketKey(rows[0]);
}

/** 404 unless the event exists; locks its row when `lock` (rotations of one event in turn). */
export async function requireEvent(q: Queryable, eventId: string, lock = false): Promise<void> {
  const rows = await q.query(
    `select 1 from admit_events where id = $1${lock ? " for update" : ""}`,
    [eventId],
  );
  if (rows.length === 0) throw new AdmitError("not_found", `No event ${eventId}`);
}

/**
 * `POST /admin/events/:eventId/ticket-keys`: retire the active key (kept and still published,
 * so the tickets it signed keep verifying) and make a new one that signs from now on. The
 * event row lock puts two rotations of one event in turn. On the timeline with the reason.
 */
export async function rotateTicketKey(
  tx: Queryable,
  key: Encryption,
  eventId: string,
  reason: string,
  actor: Actor,
): Promise<TicketKey[]> {
  await requireEvent(tx, eventId, true);
  const retired = await tx.query<{ kid: string }>(
    `update admit_ticket_keys set status = 'retired', retired_at = now()
     where event_id = $1 and status = 'active' returning kid`,
    [eventId],
  );
  const { kid } = await ensureSigningKey(tx, key, eventId);
  await appendTimeline(tx, {
    type: "event.ticket_key_rotated",
    actor,
    eventId,
    reason,
    data: { kid, retired: retired.map((r) => r.kid) },
  });
  return listTicketKeys(tx, eventId);
}
