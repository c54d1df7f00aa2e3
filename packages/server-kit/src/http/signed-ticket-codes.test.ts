import { randomBytes } from "node:crypto";
import { createAdmitAdminClient, isAdmitApiError } from "@admit/client";
import { AdminEvent, Revocations, type Ticket, TicketKeys } from "@admit/client/contract";
import {
  createAdmitScannerClient,
  decodeTicketCode,
  verifyTicketCode,
} from "@admit/client/ticket-codes";
import { base32nopad } from "@scure/base";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { ADMIN_TOKEN as ADMIN } from "../testing/admin-orders.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { buyAndPay } from "../testing/paid-order.js";
import { type Harness, type KitClient, startHarness } from "../testing/test-harness.js";

const SIGNED = { signedTicketCodes: { keySecret: randomBytes(32).toString("base64url") } };

async function paidTickets(h: Harness, c: KitClient, eventId: string, quantity = 1, tierId = "ga") {
  const { paid } = await buyAndPay(h, c, eventId, [{ tierId, quantity }]);
  return { orderId: paid.body.id as string, tickets: paid.body.tickets as Ticket[] };
}

describeEachKit(
  "signed ticket codes",
  { eventPrefix: "signed", harness: { kit: SIGNED } },
  ({ h, c, eventId }) => {
    const scan = (code: string) =>
      c.api("POST", "/admin/check-ins", { token: ADMIN, body: { code } });
    const keys = async () => {
      const answer = await c.api("GET", `/events/${eventId}/ticket-keys`);
      expect(answer.status).toBe(200);
      return z.parse(TicketKeys, answer.body);
    };

    test("a signed code verifies with the published key and fails when any one byte changes", async () => {
      const { tickets } = await paidTickets(h, c, eventId, 1, "vip");
      const ticket = tickets[0]!;
      const published = await keys();
      expect(published.keys).toHaveLength(1);
      expect(published.keys[0]).toMatchObject({ eventId, status: "active", retiredAt: null });
      const verdict = await verifyTicketCode(ticket.code, published);
      expect(verdict).toMatchObject({
        valid: true,
        ticket: { ticketId: ticket.id, tierId: "vip", eventId, kid: published.keys[0]!.kid },
      });
      // It fits a QR code at error correction M comfortably (alphanumeric mode: A-Z, 2-7).
      expect(ticket.code.length).toBeLessThanOrEqual(160);
      expect(QRCode.create(ticket.code, { errorCorrectionLevel: "M" }).version).toBeLessThanOrEqual(
        7,
      );
      const bytes = base32nopad.decode(ticket.code);
      for (let i = 0; i < bytes.length; i++) {
        const changed = bytes.slice();
        changed[i]! ^= 0x01;
        const forged = await verifyTicketCode(base32nopad.encode(changed), published);
        expect(forged.valid, `byte ${i}`).toBe(false);
      }
    });

    test("check-in admits a signed code once and refuses an altered one with ticket_signature_invalid", async () => {
      const { tickets } = await paidTickets(h, c, eventId);
      const code = tickets[0]!.code;
      const bytes = base32nopad.decode(code);
      // One byte in the ticket id, one in the signature: both answer the same clear problem.
      for (const position of [10, bytes.length - 1]) {
        const changed = bytes.slice();
        changed[position]! ^= 0x01;
        const refused = await scan(base32nopad.encode(changed));
        expect(refused.status, `byte ${position}`).toBe(422);
        expect(refused.body.code).toBe("ticket_signature_invalid");
      }
      // Some scanner apps hand over lower case: the same code, admitted.
      const admitted = await scan(code.toLowerCase());
      expect(admitted.status).toBe(200);
      expect(admitted.body).toMatchObject({ id: tickets[0]!.id, code });
      expect((await scan(code)).body.code).toBe("already_checked_in");
    });

    test("check-in still takes plain codes (tickets issued before signing was turned on)", async () => {
      const { tickets } = await paidTickets(h, c, eventId);
      const plain = randomBytes(10).toString("hex").toUpperCase();
      await h.db.store.query("update admit_tickets set code = $2 where id = $1", [
        tickets[0]!.id,
        plain,
      ]);
      const admitted = await scan(plain);
      expect(admitted.status).toBe(200);
      expect(admitted.body).toMatchObject({ id: tickets[0]!.id, code: plain });
    });

    test("rotation keeps tickets signed by the old key valid, and new tickets use the new key", async () => {
      const before = await paidTickets(h, c, eventId);
      const oldKid = decodeTicketCode(before.tickets[0]!.code)!.kid;
      const rotated = await c.api("POST", `/admin/events/${eventId}/ticket-keys`, {
        token: ADMIN,
        body: { reason: "door phone lost" },
      });
      expect(rotated.status).toBe(201);
      const after = z.parse(TicketKeys, rotated.body);
      const [active, ...retired] = after.keys;
      expect(active).toMatchObject({ status: "active", retiredAt: null });
      expect(active!.kid).not.toBe(oldKid);
      expect(retired.find((k) => k.kid === oldKid)).toMatchObject({ status: "retired" });
      expect((await keys()).keys).toEqual(after.keys);
      const later = await paidTickets(h, c, eventId);
      expect(decodeTicketCode(later.tickets[0]!.code)!.kid).toBe(active!.kid);
      for (const ticket of [before.tickets[0]!, later.tickets[0]!]) {
        expect((await verifyTicketCode(ticket.code, after)).valid).toBe(true);
        expect((await scan(ticket.code)).status).toBe(200);
      }
      // Before the rotation a scanner had only the old key: the new ticket is unknown to it.
      const oldOnly = after.keys.filter((k) => k.kid === oldKid);
      expect(await verifyTicketCode(later.tickets[0]!.code, oldOnly)).toEqual({
        valid: false,
        reason: "unknown_key",
      });
      // The admin event shows the same keys; the private halves appear nowhere.
      const event = await c.api("GET", `/admin/events/${eventId}`, { token: ADMIN });
      expect(z.parse(AdminEvent, event.body).ticketKeys).toEqual(after.keys);
      expect(JSON.stringify([event.body, rotated.body])).not.toMatch(/private|pkcs8|"d":/i);
    });

    test("a voided ticket appears on the revocation list, which revalidates with ETag", async () => {
      const { orderId, tickets } = await paidTickets(h, c, eventId, 2);
      const [voided, kept] = tickets;
      const list = () => c.api("GET", `/events/${eventId}/revocations`);
      const first = await list();
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toBe("public, max-age=1");
      const etag = first.headers.get("etag")!;
      const unchanged = await c.api("GET", `/events/${eventId}/revocations`, {
        headers: { "if-none-match": etag },
      });
      expect(unchanged.status).toBe(304);
      expect(z.parse(Revocations, first.body).ticketIds).not.toContain(voided!.id);
      const cancel = await c.api("POST", `/admin/orders/${orderId}/cancel`, {
        token: ADMIN,
        body: { ticketIds: [voided!.id], reason: "seat sold twice", refund: false },
      });
      expect(cancel.status).toBe(200);
      const second = await c.api("GET", `/events/${eventId}/revocations`, {
        headers: { "if-none-match": etag },
      });
      expect(second.status).toBe(200);
      const revoked = z.parse(Revocations, second.body);
      expect(revoked.ticketIds).toContain(voided!.id);
      expect(revoked.ticketIds).not.toContain(kept!.id);
      expect(revoked.ticketIds).toEqual([...revoked.ticketIds].sort());
      const published = await keys();
      expect(await verifyTicketCode(voided!.code, published, { revoked })).toMatchObject({
        valid: false,
        reason: "revoked",
      });
      expect((await verifyTicketCode(kept!.code, published, { revoked })).valid).toBe(true);
      // The offline trade-off: a scanner that synced before the void still admits the code.
      expect((await verifyTicketCode(voided!.code, published, { revoked: first.body })).valid).toBe(
        true,
      );
      expect((await scan(voided!.code)).body.code).toBe("ticket_not_valid");
    });

    test("a door app with the typed clients: sync, verify offline, rotate, check in", async () => {
      const scanner = createAdmitScannerClient({ baseUrl: c.baseUrl });
      const admin = createAdmitAdminClient({ baseUrl: c.baseUrl, token: ADMIN });
      const { tickets } = await paidTickets(h, c, eventId);
      const keys = await scanner.getTicketKeys(eventId);
      const revoked = await scanner.getRevocations(eventId);
      const verdict = await verifyTicketCode(tickets[0]!.code, keys, { revoked });
      expect(verdict).toMatchObject({ valid: true, ticket: { ticketId: tickets[0]!.id } });
      expect((await admin.getAdminEvent(eventId)).ticketKeys).toEqual(keys.keys);
      const rotated = await admin.rotateTicketKey(eventId, { reason: "drill" });
      expect(rotated.keys.filter((k) => k.status === "active")).toHaveLength(1);
      expect((await verifyTicketCode(tickets[0]!.code, rotated, { revoked })).valid).toBe(true);
      expect(await admin.checkIn({ code: tickets[0]!.code })).toMatchObject({ id: tickets[0]!.id });
      const forged = `${tickets[0]!.code.slice(0, -2)}${tickets[0]!.code.endsWith("AA") ? "BA" : "AA"}`;
      const refused = await admin.checkIn({ code: forged }).catch((error: unknown) => error);
      expect(isAdmitApiError(refused, "ticket_signature_invalid")).toBe(true);
    });

    test("unknown events answer 404 on the public routes", async () => {
      for (const path of ["/events/no-such-event/ticket-keys", "/events/no-such-event/revocations"])
        expect((await c.api("GET", path)).status, path).toBe(404);
    });
  },
);

describe("unsigned codes stay the default", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store: "pglite" });
    await h.via.express.createEvent("plain-codes");
  });
  afterAll(() => h?.close());

  test("codes are 20 random hex digits, no key is made, rotation says the option is off", async () => {
    const c = h.via.express;
    const { tickets } = await paidTickets(h, c, "plain-codes");
    expect(tickets[0]!.code).toMatch(/^[0-9A-F]{20}$/);
    expect(decodeTicketCode(tickets[0]!.code)).toBeUndefined();
    expect((await c.api("GET", "/events/plain-codes/ticket-keys")).body).toEqual({
      eventId: "plain-codes",
      keys: [],
    });
    const rotate = await c.api("POST", "/admin/events/plain-codes/ticket-keys", {
      token: ADMIN,
      body: { reason: "try" },
    });
    expect(rotate.status).toBe(422);
    expect(rotate.body.code).toBe("invalid_request");
    expect(
      (await c.api("POST", "/admin/check-ins", { token: ADMIN, body: { code: tickets[0]!.code } }))
        .status,
    ).toBe(200);
  });
});
