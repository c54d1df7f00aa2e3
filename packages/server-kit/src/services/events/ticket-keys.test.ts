import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Admit, createAdmit } from "../../create-admit.js";
import { sandboxProvider } from "../../providers/sandbox/sandbox-provider.js";
import { createEventDirect, testAuthorize } from "../../testing/kit-request.js";
import { createTestDatabase, type TestDatabase } from "../../testing/test-stores.js";
import {
  activeSigningKey,
  ensureSigningKey,
  listTicketKeys,
  rotateTicketKey,
} from "./ticket-keys.js";

const encryption = () => ({ encryptionKey: randomBytes(32), validAfterEventMs: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("ticket signing keys on PostgreSQL", () => {
  let db: TestDatabase;
  let admit: Admit;
  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    // Without `signedTicketCodes`: creating an event makes no key, so each test makes the first.
    admit = createAdmit({
      store: db.store,
      providers: [
        sandboxProvider({
          url: "http://127.0.0.1:9",
          apiKey: "sk_test",
          webhookSecret: `whsec_${Buffer.from("ticket-keys-secret-0123456789").toString("base64")}`,
        }),
      ],
      authorize: testAuthorize,
    });
  });
  afterAll(async () => {
    await admit?.close();
    await db?.drop();
  });

  /** Two transactions make the event's first key; the first holds its insert open a while. */
  async function firstKeysAtOnce(eventId: string) {
    await createEventDirect(admit, eventId, { capacity: 10 });
    const key = encryption();
    const other = db.connect();
    const first = db.store.transaction(async (tx) => {
      const made = await activeSigningKey(tx, key, eventId);
      await sleep(300);
      return made.kid;
    });
    await sleep(100);
    const second = other.transaction(async (tx) => (await activeSigningKey(tx, key, eventId)).kid);
    return Promise.all([first, second]);
  }

  test("two first sales at once end with one active key, which both sign with", async () => {
    const [a, b] = await firstKeysAtOnce("first-key-race");
    expect(b).toBe(a);
    const keys = await listTicketKeys(db.store, "first-key-race");
    expect(keys.map((k) => [k.kid, k.status])).toEqual([[a, "active"]]);
  });

  test("control: without the unique index on active keys, each would make its own", async () => {
    await db.store.query("drop index admit_ticket_keys_active");
    try {
      const [a, b] = await firstKeysAtOnce("first-key-race-control");
      expect(b).not.toBe(a);
      const keys = await listTicketKeys(db.store, "first-key-race-control");
      expect(keys.filter((k) => k.status === "active")).toHaveLength(2);
    } finally {
      await db.store.query(
        "update admit_ticket_keys set status = 'retired' where event_id = 'first-key-race-control'",
      );
      await db.store.query(
        "create unique index admit_ticket_keys_active on admit_ticket_keys (event_id) where status = 'active'",
      );
    }
  });

  test("the private key is stored encrypted and only its own secret, key id and event open it", async () => {
    await createEventDirect(admit, "sealed-keys", { capacity: 10 });
    const key = encryption();
    const made = await db.store.transaction((tx) => activeSigningKey(tx, key, "sealed-keys"));
    const [row] = await db.store.query<{ private_key_encrypted: string }>(
      "select private_key_encrypted from admit_ticket_keys where kid = $1",
      [made.kid],
    );
    const der = made.privateKey.export({ format: "der", type: "pkcs8" });
    expect(row!.private_key_encrypted).toMatch(/^v1\./);
    expect(row!.private_key_encrypted).not.toContain(der.toString("base64url"));
    expect(row!.private_key_encrypted).not.toContain(der.subarray(16).toString("base64url"));
    // Another secret cannot open it, and the message says what to do.
    await expect(
      db.store.transaction((tx) => activeSigningKey(tx, encryption(), "sealed-keys")),
    ).rejects.toThrow(/keySecret.*Rotate/s);
    // Copied onto another key id, the right secret refuses it too (it is bound to its id).
    await db.store.query(
      `insert into admit_ticket_keys (kid, event_id, public_key, private_key_encrypted, status)
       select 'ffffffff', event_id, public_key, private_key_encrypted, 'retired' from admit_ticket_keys where kid = $1`,
      [made.kid],
    );
    await db.store.query(
      "update admit_ticket_keys set status = case kid when 'ffffffff' then 'active' else 'retired' end where event_id = 'sealed-keys'",
    );
    await expect(
      db.store.transaction((tx) => activeSigningKey(tx, key, "sealed-keys")),
    ).rejects.toThrow(/Cannot decrypt the ticket signing key ffffffff/);
  });

  test("after the secret changed, the event stays editable and a rotation signs again", async () => {
    await createEventDirect(admit, "new-secret", { capacity: 10 });
    const old = encryption();
    const first = await db.store.transaction((tx) => activeSigningKey(tx, old, "new-secret"));
    const changed = encryption();
    // Event edits only need the key to exist, not to open.
    const ensured = await db.store.transaction((tx) => ensureSigningKey(tx, changed, "new-secret"));
    expect(ensured.kid).toBe(first.kid);
    await expect(
      db.store.transaction((tx) => activeSigningKey(tx, changed, "new-secret")),
    ).rejects.toThrow(/Cannot decrypt/);
    const keys = await db.store.transaction((tx) =>
      rotateTicketKey(tx, changed, "new-secret", "secret changed", { id: "ops", name: "Ops" }),
    );
    expect(keys.map((k) => k.status)).toEqual(["active", "retired"]);
    expect(keys[1]!.kid).toBe(first.kid);
    const signer = await db.store.transaction((tx) => activeSigningKey(tx, changed, "new-secret"));
    expect(signer.kid).toBe(keys[0]!.kid);
  });

  test("issuing with a secret that cannot open the key reports it and signs with a new key", async () => {
    await createEventDirect(admit, "issue-new-secret", { capacity: 10 });
    const first = await db.store.transaction((tx) =>
      activeSigningKey(tx, encryption(), "issue-new-secret"),
    );
    const reported: unknown[] = [];
    const changed = encryption();
    const signer = await db.store.transaction((tx) =>
      activeSigningKey(tx, changed, "issue-new-secret", (error) => reported.push(error)),
    );
    expect(String(reported[0])).toMatch(/Cannot decrypt the ticket signing key/);
    expect(signer.kid).not.toBe(first.kid);
    const keys = await listTicketKeys(db.store, "issue-new-secret");
    expect(keys.map((k) => [k.kid, k.status])).toEqual([
      [signer.kid, "active"],
      [first.kid, "retired"],
    ]);
    const [entry] = await db.store.query<{ reason: string }>(
      "select reason from admit_timeline where event_id = $1 and type = 'event.ticket_key_rotated'",
      ["issue-new-secret"],
    );
    expect(entry!.reason).toMatch(/keySecret/);
  });
});
