import { createHash, randomBytes, randomFillSync, timingSafeEqual } from "node:crypto";
import { ID_PREFIXES, type IdKind } from "@admit/client/contract";

// Random bytes are drawn from the CSPRNG 4 KiB at a time and handed out once each, as Node's
// randomUUID does: one call into OpenSSL per 4 KiB instead of one per id or token (a hold
// takes three). No byte is ever handed out twice; the pool is refilled when it runs out.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function pooledRandom(size: number): Buffer {
  if (poolOffset + size > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return bytes;
}

/** A new opaque id with its type prefix, for example `ord_5f0c…` (96 random bits, hex). */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${pooledRandom(12).toString("hex")}`;
}

/** A bearer secret (hold or order token): 256 random bits, base64url. Never derived from an id. */
export function newToken(): string {
  return pooledRandom(32).toString("base64url");
}

/** A ticket code for the door scanner: 80 random bits, upper-case hex. */
export function newTicketCode(): string {
  return randomBytes(10).toString("hex").toUpperCase();
}

/** SHA-256 (hex) of a token: the database keeps only this, so a leaked table leaks no tokens. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** SHA-256 (hex) of bytes or text. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Whether `token` hashes to `storedHash`, compared in constant time so response timing says
 * nothing about how much of a guess was right.
 */
export function tokenMatches(token: string | undefined, storedHash: string): boolean {
  // The digest's bytes as they are (what the hex of hashToken spells), not hex and back.
  const actual = createHash("sha256")
    .update(token ?? "", "utf8")
    .digest();
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
