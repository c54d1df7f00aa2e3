// The buyer's receipt and downloads: GET /orders/:orderId/receipt, tickets.pdf, calendar.ics and
// wallet.pkpass, on PGlite and PostgreSQL through Express and Fastify. Each route refuses a
// wrong token and an unknown order alike (404), downloads refuse an order that is not paid
// (409 order_not_paid), voided tickets get no PDF page, and what is delivered is read back: the
// PDF's pages and the QR codes on them, the calendar's fields, the pass's signed files.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrderReceipt } from "@admit/client/contract";
import { unzipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import type { OrderEvent } from "../services/notifications/notification-types.js";
import { orderNumber } from "../services/orders/order-receipt.js";
import { describeEachKit } from "../testing/describe-each-kit.js";
import { qrCodesPerPage } from "../testing/pdf-images.js";
import type { Harness, KitClient } from "../testing/test-harness.js";
import { makeTestPassCertificates } from "../testing/wallet-certificates.js";

const ADMIN = "admin-secret";
const PASS_TYPE = "pass.test.admit.tickets";
const certificates = makeTestPassCertificates(PASS_TYPE);
const DOWNLOADS = ["tickets.pdf", "calendar.ics", "wallet.pkpass"] as const;
/** What `onOrderEvent` heard, in both suites (told apart by order id). */
const heard: OrderEvent[] = [];
const onOrderEvent = (event: OrderEvent) => {
  heard.push(event);
};

/** The `paid` event `onOrderEvent` heard for `orderId` (delivery runs after the answer). */
async function paidEvent(orderId: string): Promise<OrderEvent | undefined> {
  for (let i = 0; i < 100; i++) {
    const event = heard.find((e) => e.orderId === orderId && e.status === "paid");
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

interface Bought {
  id: string;
  token: string;
}

async function buy(h: Harness, c: KitClient, eventId: string, quantity: number, pay = true) {
  const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity }], {
    attendees: Array.from({ length: quantity }, (_, i) => ({
      tierId: "ga",
      name: `Guest ${i + 1}`,
    })),
  });
  expect(checkout.status, checkout.text).toBe(201);
  const order: Bought = { id: checkout.body.order.id, token: checkout.body.orderToken };
  if (pay) {
    await h.choose(checkout.body.paymentUrl, "pay");
    const paid = await c.pollOrder(order.id, order.token, (s) => s === "paid");
    expect(paid.body.status).toBe("paid");
  }
  return order;
}

/** GET a download as bytes, with the token as a header or in the query. */
async function download(
  c: KitClient,
  orderId: string,
  file: string,
  auth: { bearer?: string; query?: string; locale?: string } = {},
) {
  const query = new URLSearchParams({
    ...(auth.query !== undefined ? { token: auth.query } : {}),
    ...(auth.locale ? { locale: auth.locale } : {}),
  });
  const url = `${c.baseUrl}/orders/${orderId}/${file}${query.size > 0 ? `?${query}` : ""}`;
  const response = await fetch(url, {
    headers: auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {},
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: new TextDecoder().decode(bytes),
  };
}

const receiptOf = async (c: KitClient, order: Bought) => {
  const answer = await c.api("GET", `/orders/${order.id}/receipt`, { token: order.token });
  expect(answer.status, answer.text).toBe(200);
  return z.parse(OrderReceipt, answer.body);
};

describeEachKit(
  "order delivery",
  {
    eventPrefix: "delivery",
    harness: {
      kit: {
        sendsConfirmationEmail: true,
        onOrderEvent,
        appleWallet: {
          passTypeIdentifier: PASS_TYPE,
          teamIdentifier: "A1B2C3D4E5",
          organizationName: "Admit tests",
          ...certificates,
        },
      },
    },
  },
  ({ h, c, eventId, framework }) => {
    const zoned = `${eventId}-zoned`;
    beforeAll(async () => {
      await c.createEvent(zoned, {
        name: "Summer gala",
        startsAt: "2030-06-06T17:30:00Z",
        endsAt: "2030-06-06T21:00:00Z",
        venue: "Konzerthaus, Berlin",
        timeZone: "Europe/Berlin",
      });
    });

    test("the receipt of a paid order: event, number, lines, tickets, links with the download token", async () => {
      const order = await buy(h, c, zoned, 2);
      const receipt = await receiptOf(c, order);
      expect(receipt).toMatchObject({
        orderId: order.id,
        orderNumber: orderNumber(order.id),
        status: "paid",
        event: {
          id: zoned,
          name: "Summer gala",
          startsAt: "2030-06-06T17:30:00.000Z",
          venue: "Konzerthaus, Berlin",
          timeZone: "Europe/Berlin",
        },
        buyer: { name: "Ada Lovelace", email: "ada@example.com" },
        lines: [
          {
            tierId: "ga",
            tierName: "Standing",
            quantity: 2,
            unitPrice: { amount: 4500, currency: "EUR" },
            total: { amount: 9000, currency: "EUR" },
          },
        ],
        total: { amount: 9000, currency: "EUR" },
        refunded: { amount: 0, currency: "EUR" },
        confirmationSentTo: "ada@example.com",
        heldUntil: null,
      });
      expect(receipt.orderNumber).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(receipt.tickets.map((t) => [t.attendee.name, t.status])).toEqual([
        ["Guest 1", "valid"],
        ["Guest 2", "valid"],
      ]);
      // Absolute links under the kit's URL, carrying a token that is not the order token.
      for (const [name, file] of [
        ["pdf", "tickets.pdf"],
        ["calendar", "calendar.ics"],
        ["wallet", "wallet.pkpass"],
      ] as const) {
        const link = new URL(receipt.downloads![name]!);
        expect(`${link.origin}${link.pathname}`).toBe(`${c.baseUrl}/orders/${order.id}/${file}`);
        expect(link.searchParams.get("token")).toMatch(/^[0-9a-f]{64}$/);
        expect(link.searchParams.get("token")).not.toBe(order.token);
      }
      // Every link opens its file as it stands, with no header (as from an e-mail).
      for (const link of Object.values(receipt.downloads!)) {
        const answer = await fetch(link!);
        expect(answer.status, link!).toBe(200);
        expect(answer.headers.get("cache-control")).toBe("private, no-store");
        expect(answer.headers.get("referrer-policy")).toBe("no-referrer");
      }
    });

    test("the receipt: wrong token, no token, the download token and an unknown order all answer 404", async () => {
      const order = await buy(h, c, eventId, 1);
      const receipt = await receiptOf(c, order);
      const downloadToken = new URL(receipt.downloads!.pdf).searchParams.get("token")!;
      const path = `/orders/${order.id}/receipt`;
      for (const token of [`${order.token}x`, undefined, downloadToken]) {
        const answer = await c.api("GET", path, token ? { token } : {});
        expect(answer.status).toBe(404);
        expect(answer.body.code).toBe("not_found");
      }
      const unknown = await c.api("GET", "/orders/ord_000000000000000000000000/receipt", {
        token: order.token,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe((await c.api("GET", path, { token: "wrong" })).body.detail);
    });

    test("downloads: wrong token (header or query), no token and an unknown order answer 404", async () => {
      const order = await buy(h, c, eventId, 1);
      for (const file of DOWNLOADS) {
        for (const auth of [{ bearer: "wrong" }, { query: "wrong" }, {}]) {
          const answer = await download(c, order.id, file, auth);
          expect(answer.status, `${file} ${JSON.stringify(auth)}`).toBe(404);
        }
        const unknown = await download(c, "ord_000000000000000000000000", file, {
          bearer: order.token,
        });
        expect(unknown.status).toBe(404);
        // The control: the same order with its token delivers.
        expect((await download(c, order.id, file, { bearer: order.token })).status).toBe(200);
        expect((await download(c, order.id, file, { query: order.token })).status).toBe(200);
      }
    });

    test("a download token opens its own order's files only, never another order's", async () => {
      const [a, b] = [await buy(h, c, eventId, 1), await buy(h, c, eventId, 1)];
      const tokenOf = async (order: Bought) =>
        new URL((await receiptOf(c, order)).downloads!.pdf).searchParams.get("token")!;
      const [tokenA, tokenB] = [await tokenOf(a), await tokenOf(b)];
      expect(tokenA).not.toBe(tokenB);
      for (const file of DOWNLOADS) {
        expect((await download(c, b.id, file, { query: tokenA })).status, file).toBe(404);
        expect((await download(c, b.id, file, { bearer: tokenA })).status, file).toBe(404);
        expect((await download(c, b.id, file, { query: tokenB })).status, file).toBe(200);
      }
    });

    test("not paid: the receipt has no tickets and no links; downloads answer 409 order_not_paid", async () => {
      const order = await buy(h, c, eventId, 1, false);
      const receipt = await receiptOf(c, order);
      expect(receipt).toMatchObject({
        status: "pending_payment",
        tickets: [],
        downloads: null,
        confirmationSentTo: null,
      });
      for (const file of DOWNLOADS) {
        const answer = await download(c, order.id, file, { bearer: order.token });
        expect(answer.status, file).toBe(409);
        expect(JSON.parse(answer.text)).toMatchObject({
          code: "order_not_paid",
          orderStatus: "pending_payment",
        });
      }
    });

    test("a declined order's receipt says until when the seats stay held", async () => {
      const { checkout } = await c.buy(eventId, [{ tierId: "ga", quantity: 1 }]);
      const order = { id: checkout.body.order.id, token: checkout.body.orderToken };
      await h.choose(checkout.body.paymentUrl, "decline");
      await c.pollOrder(order.id, order.token, (s) => s === "failed");
      const receipt = await receiptOf(c, order);
      expect(receipt.status).toBe("failed");
      expect(receipt.heldUntil).toBe(checkout.body.paymentExpiresAt);
      expect(receipt.downloads).toBeNull();
    });

    test("the PDF: one page per valid ticket, each QR code decodes to its ticket's code; a voided ticket gets none", async () => {
      const order = await buy(h, c, eventId, 3);
      const before = await receiptOf(c, order);
      const pdf = await download(c, order.id, "tickets.pdf", { bearer: order.token });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(pdf.headers.get("content-disposition")).toBe(
        `attachment; filename="tickets-${before.orderNumber}.pdf"`,
      );
      expect((await PDFDocument.load(pdf.bytes)).getPageCount()).toBe(3);
      const german = await download(c, order.id, "tickets.pdf", {
        bearer: order.token,
        locale: "de",
      });
      expect(german.status).toBe(200);
      expect(german.bytes).not.toEqual(pdf.bytes);
      const unknown = await download(c, order.id, "tickets.pdf", {
        bearer: order.token,
        locale: "fr",
      });
      expect(unknown.status).toBe(422);
      expect(await qrCodesPerPage(pdf.bytes)).toEqual(before.tickets.map((t) => [t.code]));

      const voided = before.tickets[1]!;
      const cancel = await c.api("POST", `/admin/orders/${order.id}/cancel`, {
        token: ADMIN,
        body: { ticketIds: [voided.id], reason: "Asked by phone", refund: false },
      });
      expect(cancel.status, cancel.text).toBeLessThan(300);
      const after = await receiptOf(c, order);
      expect(after.tickets.find((t) => t.id === voided.id)?.status).toBe("voided");
      const again = await download(c, order.id, "tickets.pdf", { bearer: order.token });
      expect(await qrCodesPerPage(again.bytes)).toEqual(
        before.tickets.filter((t) => t.id !== voided.id).map((t) => [t.code]),
      );
    });

    test("a refunded order: the receipt shows the refund and no tickets; downloads answer 409", async () => {
      const order = await buy(h, c, eventId, 1);
      const refund = await c.api("POST", `/admin/orders/${order.id}/refunds`, {
        token: ADMIN,
        body: { amount: { amount: 4500, currency: "EUR" }, reason: "Cannot come" },
      });
      expect(refund.status, refund.text).toBeLessThan(300);
      const receipt = await receiptOf(c, order);
      expect(receipt).toMatchObject({
        status: "refunded",
        refunded: { amount: 4500, currency: "EUR" },
        tickets: [],
        downloads: null,
        confirmationSentTo: "ada@example.com",
      });
      for (const file of DOWNLOADS)
        expect((await download(c, order.id, file, { bearer: order.token })).status, file).toBe(409);
    });

    test("the calendar file: DTSTART and DTEND with TZID in the event's zone, SUMMARY, LOCATION, a UTC DTSTAMP", async () => {
      const order = await buy(h, c, zoned, 1);
      const ics = await download(c, order.id, "calendar.ics", { bearer: order.token });
      expect(ics.status).toBe(200);
      expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      const lines = ics.text.split("\r\n");
      // 17:30Z is 19:30 in Berlin in June (CEST); the zone is defined in the file.
      expect(lines).toContain("DTSTART;TZID=Europe/Berlin:20300606T193000");
      expect(lines).toContain("DTEND;TZID=Europe/Berlin:20300606T230000");
      expect(lines).toContain("SUMMARY:Summer gala");
      expect(lines).toContain("LOCATION:Konzerthaus\\, Berlin");
      expect(lines).toContain(`UID:${order.id}@admit`);
      expect(lines).toContain("BEGIN:VTIMEZONE");
      expect(lines).toContain("TZID:Europe/Berlin");
      expect(lines.find((l) => l.startsWith("DTSTAMP:"))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
      expect(ics.text).toContain(`DESCRIPTION:Order ${orderNumber(order.id)}`);
    });

    test("the wallet pass: signed with the host's certificate, the ticket code as its QR barcode", async () => {
      const order = await buy(h, c, zoned, 1);
      const receipt = await receiptOf(c, order);
      const pass = await download(c, order.id, "wallet.pkpass", { bearer: order.token });
      expect(pass.status).toBe(200);
      expect(pass.headers.get("content-type")).toBe("application/vnd.apple.pkpass");
      const files = unzipSync(pass.bytes);
      expect(Object.keys(files).sort()).toEqual(
        ["icon.png", "icon@2x.png", "manifest.json", "pass.json", "signature"].sort(),
      );
      const json = JSON.parse(new TextDecoder().decode(files["pass.json"]));
      const ticket = receipt.tickets[0]!;
      expect(json).toMatchObject({
        formatVersion: 1,
        passTypeIdentifier: PASS_TYPE,
        teamIdentifier: "A1B2C3D4E5",
        serialNumber: ticket.id,
        organizationName: "Admit tests",
        barcodes: [{ message: ticket.code, format: "PKBarcodeFormatQR" }],
        eventTicket: {
          primaryFields: [{ key: "event", value: "Summer gala" }],
        },
      });
      // The manifest lists every other file's SHA-1, and the signature verifies with openssl
      // against the authority that issued the signer (a changed manifest fails: the control).
      const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
      const { createHash } = await import("node:crypto");
      for (const [name, bytes] of Object.entries(files))
        if (name !== "manifest.json" && name !== "signature")
          expect(manifest[name], name).toBe(createHash("sha1").update(bytes).digest("hex"));
      const dir = mkdtempSync(join(tmpdir(), `admit-pass-${framework}-`));
      try {
        writeFileSync(join(dir, "signature"), files.signature!);
        writeFileSync(join(dir, "manifest.json"), files["manifest.json"]!);
        writeFileSync(
          join(dir, "tampered.json"),
          JSON.stringify({ ...manifest, "pass.json": "0" }),
        );
        writeFileSync(join(dir, "wwdr.pem"), certificates.wwdr);
        const verify = (content: string) =>
          execFileSync(
            "openssl",
            [
              "smime",
              "-verify",
              "-binary",
              "-inform",
              "DER",
              "-in",
              join(dir, "signature"),
              "-content",
              join(dir, content),
              "-CAfile",
              join(dir, "wwdr.pem"),
              "-purpose",
              "any",
              "-out",
              "/dev/null",
            ],
            { stdio: "pipe" },
          );
        expect(() => verify("manifest.json")).not.toThrow();
        expect(() => verify("tampered.json")).toThrow();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("order.paid: onOrderEvent hears the confirmation e-mail, whose links open the tickets", async () => {
      const order = await buy(h, c, zoned, 2);
      const event = await paidEvent(order.id);
      const receipt = await receiptOf(c, order);
      expect(event?.confirmation).toMatchObject({
        to: "ada@example.com",
        subject: `Your tickets for Summer gala (order ${receipt.orderNumber})`,
      });
      const mail = event!.confirmation!;
      for (const ticket of receipt.tickets) expect(mail.text).toContain(ticket.attendee.name);
      expect(mail.text).toContain("19:30");
      const pdfLink = /Download tickets \(PDF\): (\S+)/.exec(mail.text)?.[1];
      expect(pdfLink).toMatch(/&locale=en$/);
      // Under the URL of the last request the kit answered (the harness has two mounts on two
      // ports, a host has one): the same path and download token as the receipt's link.
      const inMail = new URL(pdfLink!);
      const inReceipt = new URL(receipt.downloads!.pdf);
      expect(`${inMail.pathname}${inMail.search}`).toBe(
        `${inReceipt.pathname}${inReceipt.search}&locale=en`,
      );
      expect(mail.html).toContain(`href="${pdfLink!.replaceAll("&", "&amp;")}"`);
      const pdf = await fetch(pdfLink!);
      expect(pdf.status).toBe(200);
      // Other statuses carry none.
      const pending = heard.filter((e) => e.orderId === order.id && e.status !== "paid");
      expect(pending.length).toBeGreaterThan(0);
      for (const e of pending) expect(e.confirmation).toBeUndefined();
    });

    test("several tickets: one pass each, bundled as .pkpasses", async () => {
      const order = await buy(h, c, eventId, 2);
      const bundle = await download(c, order.id, "wallet.pkpass", { query: order.token });
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get("content-type")).toBe("application/vnd.apple.pkpasses");
      const passes = Object.values(unzipSync(bundle.bytes)).map((bytes) =>
        JSON.parse(new TextDecoder().decode(unzipSync(bytes)["pass.json"])),
      );
      const receipt = await receiptOf(c, order);
      expect(passes.map((p) => p.barcodes[0].message).sort()).toEqual(
        receipt.tickets.map((t) => t.code).sort(),
      );
    });
  },
);

describeEachKit(
  "order delivery without Apple Wallet or confirmation",
  { eventPrefix: "nowallet", harness: { kit: { onOrderEvent } } },
  ({ h, c, eventId }) => {
    test("wallet.pkpass answers 404 and the receipt's wallet link is null; the confirmation is not claimed", async () => {
      const order = await buy(h, c, eventId, 1);
      const receipt = await receiptOf(c, order);
      expect(receipt.downloads?.wallet).toBeNull();
      expect(receipt.downloads?.pdf).toBeTruthy();
      expect(receipt.confirmationSentTo).toBeNull();
      const pass = await download(c, order.id, "wallet.pkpass", { bearer: order.token });
      expect(pass.status).toBe(404);
      // The host does not send a confirmation: the paid event carries none.
      const paid = await paidEvent(order.id);
      expect(paid).toBeDefined();
      expect(paid?.confirmation).toBeUndefined();
    });
  },
);

describe("order numbers", () => {
  test("are derived from the id: stable, 8 Crockford characters, different for different ids", () => {
    expect(orderNumber("ord_5f0c3a9e1b2d4c6f8a0b1c2d")).toBe(
      orderNumber("ord_5f0c3a9e1b2d4c6f8a0b1c2d"),
    );
    const numbers = new Set(
      Array.from({ length: 2000 }, (_, i) =>
        orderNumber(`ord_${i.toString(16).padStart(24, "0")}`),
      ),
    );
    expect(numbers.size).toBe(2000);
    for (const n of numbers) expect(n).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
