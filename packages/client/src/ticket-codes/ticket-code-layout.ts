import { base32nopad } from "@scure/base";

/** The format version, the first byte of every signed ticket code. */
export const TICKET_CODE_VERSION = 1;

const KID_BYTES = 4;
const TICKET_ID_BYTES = 12;
const SIGNATURE_BYTES = 64;
/** version, kid, ticket id, valid from, valid until, tier id length. */
const HEADER_BYTES = 1 + KID_BYTES + TICKET_ID_BYTES + 4 + 4 + 1;
const TICKET_ID = /^tkt_([0-9a-f]{24})$/;
const TIER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** The shortest signed code (a one-character tier id) in base32 characters. */
const MIN_CODE_LENGTH = Math.ceil(((HEADER_BYTES + 1 + SIGNATURE_BYTES) * 8) / 5);

/** What a signed ticket code says (its signature not yet checked). */
export interface TicketCodeFields {
  /** Id of the key that signed it (8 hex digits), one of the event's published keys. */
  kid: string;
  /** The ticket's id, `tkt_` and 24 hex digits. */
  ticketId: string;
  tierId: string;
  /** Admits from this time on (whole seconds). */
  validFrom: Date;
  /** Admits until this time (whole seconds). */
  validUntil: Date;
}

/** A signed ticket code taken apart: its fields, the signed bytes and the signature. */
export interface DecodedTicketCode extends TicketCodeFields {
  version: number;
  /** The code's bytes before the signature. */
  payload: Uint8Array;
  signature: Uint8Array;
}

/**
 * Whether `code` has the shape of a signed ticket code (base32, long enough), as opposed to a
 * plain random one (20 hex digits). Says nothing about its signature.
 * @example isSignedTicketCode("9F3A0C1B2D4E5F607182") // false
 */
export function isSignedTicketCode(code: string): boolean {
  return code.length >= MIN_CODE_LENGTH && /^[A-Za-z2-7]+$/.test(code);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

function seconds(time: Date): number {
  const value = Math.floor(time.getTime() / 1000);
  if (!(value >= 0 && value <= 0xffff_ffff)) throw new RangeError(`${time} is out of range`);
  return value;
}

/**
 * The bytes of a signed code before its signature (layout version 1, big-endian):
 *
 * | offset | bytes | field |
 * |---|---|---|
 * | 0 | 1 | version (1) |
 * | 1 | 4 | key id |
 * | 5 | 12 | ticket id (the 24 hex digits after `tkt_`) |
 * | 17 | 4 | valid from, Unix seconds |
 * | 21 | 4 | valid until, Unix seconds |
 * | 25 | 1 | tier id length n (1-64) |
 * | 26 | n | tier id (ASCII) |
 * | 26+n | 64 | Ed25519 signature of {@link signedMessage} |
 */
export function encodeTicketPayload(fields: TicketCodeFields): Uint8Array {
  const ticket = TICKET_ID.exec(fields.ticketId);
  if (!ticket) throw new RangeError(`${fields.ticketId} is not a ticket id the kit issues`);
  if (!/^[0-9a-f]{8}$/.test(fields.kid)) throw new RangeError(`${fields.kid} is not a key id`);
  if (!TIER_ID.test(fields.tierId)) throw new RangeError(`${fields.tierId} is not a tier id`);
  const payload = new Uint8Array(HEADER_BYTES + fields.tierId.length);
  const view = new DataView(payload.buffer);
  payload[0] = TICKET_CODE_VERSION;
  payload.set(fromHex(fields.kid), 1);
  payload.set(fromHex(ticket[1]!), 1 + KID_BYTES);
  view.setUint32(17, seconds(fields.validFrom));
  view.setUint32(21, seconds(fields.validUntil));
  payload[25] = fields.tierId.length;
  payload.set(new TextEncoder().encode(fields.tierId), HEADER_BYTES);
  return payload;
}

/**
 * What the signature covers: the event id (length byte, then ASCII), then the payload. The
 * event is not in the code (its key id names it), but a code signed for one event never
 * verifies for another.
 */
export function signedMessage(eventId: string, payload: Uint8Array): Uint8Array {
  const event = new TextEncoder().encode(eventId);
  const message = new Uint8Array(1 + event.length + payload.length);
  message[0] = event.length;
  message.set(event, 1);
  message.set(payload, 1 + event.length);
  return message;
}

/** The code: payload and signature in unpadded RFC 4648 base32 (A-Z, 2-7: QR alphanumeric mode). */
export function assembleTicketCode(payload: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError("expected a 64-byte signature");
  const bytes = new Uint8Array(payload.length + SIGNATURE_BYTES);
  bytes.set(payload);
  bytes.set(signature, payload.length);
  return base32nopad.encode(bytes);
}

/**
 * Takes a signed ticket code apart without checking its signature; `undefined` when it is not
 * one (a plain code, a typo, a damaged scan). Lower case is accepted.
 */
export function decodeTicketCode(code: string): DecodedTicketCode | undefined {
  if (!isSignedTicketCode(code)) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = base32nopad.decode(code.toUpperCase());
  } catch {
    return undefined;
  }
  const tierLength = bytes[25] ?? 0;
  if (
    bytes[0] !== TICKET_CODE_VERSION ||
    bytes.length !== HEADER_BYTES + tierLength + SIGNATURE_BYTES
  )
    return undefined;
  const payload = bytes.slice(0, HEADER_BYTES + tierLength);
  const tierId = String.fromCharCode(...payload.subarray(HEADER_BYTES));
  if (!TIER_ID.test(tierId)) return undefined;
  const view = new DataView(payload.buffer);
  return {
    version: TICKET_CODE_VERSION,
    kid: hex(payload.subarray(1, 1 + KID_BYTES)),
    ticketId: `tkt_${hex(payload.subarray(1 + KID_BYTES, 1 + KID_BYTES + TICKET_ID_BYTES))}`,
    validFrom: new Date(view.getUint32(17) * 1000),
    validUntil: new Date(view.getUint32(21) * 1000),
    tierId,
    payload,
    signature: bytes.slice(payload.length),
  };
}
