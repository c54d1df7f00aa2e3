import { generateKeyPairSync, sign } from "node:crypto";
import { base32nopad } from "@scure/base";
import { describe, expect, test } from "vitest";
import type { TicketKey } from "../contract/ticket-keys.js";
import {
  assembleTicketCode,
  decodeTicketCode,
  encodeTicketPayload,
  isSignedTicketCode,
  signedMessage,
} from "./ticket-code-layout.js";
import { verifyTicketCode } from "./verify-ticket-code.js";

const EVENT = "spring-gala-2027";
const NOW = new Date("2027-05-01T18:00:00Z");
const FIELDS = {
  kid: "0a1b2c3d",
  ticketId: "tkt_00112233445566778899aabb",
  tierId: "vip",
  validFrom: new Date("2027-04-01T10:00:00Z"),
  validUntil: new Date("2027-05-02T04:00:00Z"),
};

/** A key pair as the server kit makes one, and its published half. */
function keyPair(kid: string, eventId = EVENT) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x!;
  const key: TicketKey = {
    kid,
    eventId,
    algorithm: "Ed25519",
    publicKey: x,
    jwk: { kty: "OKP", crv: "Ed25519", x, kid, use: "sig", alg: "EdDSA" },
    status: "active",
    createdAt: "2027-01-01T00:00:00Z",
    retiredAt: null,
  };
  return { key, privateKey };
}

function signedCode(fields = FIELDS, eventId = EVENT, pair = keyPair(fields.kid, eventId)) {
  const payload = encodeTicketPayload(fields);
  const code = assembleTicketCode(
    payload,
    sign(null, signedMessage(eventId, payload), pair.privateKey),
  );
  return { code, key: pair.key };
}

describe("signed ticket codes", () => {
  test("a code decodes to what was signed and verifies with the published key", async () => {
    const { code, key } = signedCode();
    expect(code).toMatch(/^[A-Z2-7]+$/);
    expect(isSignedTicketCode(code)).toBe(true);
    expect(decodeTicketCode(code)).toMatchObject({ version: 1, ...FIELDS });
    const verdict = await verifyTicketCode(code, { eventId: EVENT, keys: [key] }, { now: NOW });
    expect(verdict).toEqual({ valid: true, ticket: { ...FIELDS, eventId: EVENT } });
    // Scanners may hand over lower case (some QR apps do); whitespace around is ignored.
    expect((await verifyTicketCode(` ${code.toLowerCase()}\n`, [key], { now: NOW })).valid).toBe(
      true,
    );
  });

  test("changing any one byte of a code makes it fail", async () => {
    const { code, key } = signedCode();
    const bytes = base32nopad.decode(code);
    expect(bytes.length).toBe(26 + FIELDS.tierId.length + 64);
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x80]) {
        const changed = bytes.slice();
        changed[i]! ^= flip;
        const verdict = await verifyTicketCode(base32nopad.encode(changed), [key], { now: NOW });
        expect(verdict.valid, `byte ${i} ^ ${flip}`).toBe(false);
      }
    }
  });

  test("a code of another event, or signed by another key, does not verify", async () => {
    const { code } = signedCode();
    const other = keyPair(FIELDS.kid);
    expect(await verifyTicketCode(code, [other.key], { now: NOW })).toEqual({
      valid: false,
      reason: "bad_signature",
    });
    // Same key material published for another event: the event is part of what is signed.
    const { key } = signedCode();
    const pair = keyPair(FIELDS.kid);
    const signed = signedCode(FIELDS, EVENT, pair);
    expect((await verifyTicketCode(signed.code, [{ ...pair.key, eventId: "other" }])).valid).toBe(
      false,
    );
    expect(await verifyTicketCode(code, [{ ...key, kid: "ffffffff" }])).toEqual({
      valid: false,
      reason: "unknown_key",
    });
  });

  test("revoked, early and late codes are refused after the signature verified", async () => {
    const { code, key } = signedCode();
    const ticket = { ...FIELDS, eventId: EVENT };
    const revoked = { eventId: EVENT, ticketIds: [FIELDS.ticketId] };
    expect(await verifyTicketCode(code, [key], { now: NOW, revoked })).toEqual({
      valid: false,
      reason: "revoked",
      ticket,
    });
    expect(
      (await verifyTicketCode(code, [key], { now: NOW, revoked: ["tkt_other0000"] })).valid,
    ).toBe(true);
    const asSet = new Set([FIELDS.ticketId]);
    expect(await verifyTicketCode(code, [key], { now: NOW, revoked: asSet })).toMatchObject({
      reason: "revoked",
    });
    const early = new Date(FIELDS.validFrom.getTime() - 301_000);
    expect(await verifyTicketCode(code, [key], { now: early })).toMatchObject({
      reason: "not_yet_valid",
    });
    const late = new Date(FIELDS.validUntil.getTime() + 301_000);
    expect(await verifyTicketCode(code, [key], { now: late })).toMatchObject({ reason: "expired" });
    // Within the clock tolerance either way.
    expect(
      (
        await verifyTicketCode(code, [key], {
          now: new Date(FIELDS.validUntil.getTime() + 299_000),
        })
      ).valid,
    ).toBe(true);
  });

  test("plain codes, garbage and truncated codes are malformed, never a throw", async () => {
    const { code, key } = signedCode();
    for (const bad of [
      "9F3A0C1B2D4E5F607182",
      "",
      "not a code",
      code.slice(0, -8),
      `${code}AAAAAAAA`,
      code.replace(/^./, "B"),
    ])
      expect((await verifyTicketCode(bad, [key])).valid, bad).toBe(false);
    expect(await verifyTicketCode("9F3A0C1B2D4E5F607182", [key])).toEqual({
      valid: false,
      reason: "malformed",
    });
  });

  test("the payload refuses what it cannot carry", () => {
    expect(() => encodeTicketPayload({ ...FIELDS, ticketId: "tkt_XYZ" })).toThrow(RangeError);
    expect(() => encodeTicketPayload({ ...FIELDS, tierId: "no spaces" })).toThrow(RangeError);
    expect(() => encodeTicketPayload({ ...FIELDS, kid: "k1" })).toThrow(RangeError);
    expect(() =>
      encodeTicketPayload({ ...FIELDS, validUntil: new Date("2200-01-01T00:00:00Z") }),
    ).toThrow(RangeError);
  });
});
