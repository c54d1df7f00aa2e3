import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { escapeHtml } from "../site/event-page.js";

/** Where the demo's mail page is, beside the host's site. */
export const MAIL_PATH = "/mail";

/** One message the demo's SMTP server received. */
export interface ReceivedMail {
  /** 1, 2, 3… in order of arrival. */
  id: number;
  receivedAt: Date;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** A mail to send through the demo's SMTP server. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * The demo's post office: a real SMTP server on loopback (`smtp-server`, no TLS, no auth, only
 * for this process) that keeps what it receives in memory (the last 50 messages), and a
 * `nodemailer` transport that sends to it, as a host would send to its own mail service.
 */
export interface DemoMailbox {
  /** The SMTP server's port on 127.0.0.1. */
  readonly smtpPort: number;
  /** Received messages, newest first. */
  readonly messages: readonly ReceivedMail[];
  /** Send through SMTP with nodemailer; resolves once the server accepted it. */
  send(mail: OutgoingMail): Promise<void>;
  /** `/mail` (the list, each message rendered) and `/mail/:id` (its HTML); undefined elsewhere. */
  respond(path: string): Response | undefined;
  close(): Promise<void>;
}

const KEEP = 50;
const FROM = '"Harbourlight Tickets (demo)" <tickets@harbourlight.invalid>';

function addresses(value: ParsedMail["to"] | ParsedMail["from"]): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

/** Start the SMTP server on a free loopback port, and a transport to it. */
export async function startDemoMailbox(): Promise<DemoMailbox> {
  const messages: ReceivedMail[] = [];
  let next = 1;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    banner: "Admit demo mailbox",
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.unshift({
            id: next++,
            receivedAt: new Date(),
            from: addresses(mail.from),
            to: addresses(mail.to),
            subject: mail.subject ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            text: mail.text ?? "",
          });
          messages.length = Math.min(messages.length, KEEP);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const smtpPort = (server.server.address() as AddressInfo).port;
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
  });

  const page = (status: number, body: string, csp: string) =>
    new Response(body, {
      status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": csp,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });

  return {
    smtpPort,
    get messages() {
      return messages;
    },
    async send(mail) {
      await transport.sendMail({ from: FROM, ...mail });
    },
    respond(path) {
      if (path === MAIL_PATH || path === `${MAIL_PATH}/`)
        return page(200, listPage(messages, smtpPort), LIST_CSP);
      const match = new RegExp(`^${MAIL_PATH}/(\\d+)$`).exec(path);
      if (!match) return undefined;
      const mail = messages.find((m) => m.id === Number(match[1]));
      if (!mail) return page(404, "<!doctype html><p>No such message.</p>", LIST_CSP);
      // The message's own HTML, sandboxed (no scripts; links open in a new tab).
      return page(
        200,
        mail.html.replace(/<head>/i, '<head><base target="_blank">') ||
          `<pre>${escapeHtml(mail.text)}</pre>`,
        "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
      );
    },
    async close() {
      transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const LIST_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'";

function listPage(messages: readonly ReceivedMail[], smtpPort: number): string {
  const items = messages
    .map(
      (m) => `<article>
  <h2>${escapeHtml(m.subject)}</h2>
  <p class="meta">To <strong>${escapeHtml(m.to)}</strong> · from ${escapeHtml(m.from)} · ${escapeHtml(m.receivedAt.toISOString())} · <a href="${MAIL_PATH}/${m.id}" target="_blank">open</a></p>
  <iframe title="${escapeHtml(m.subject)}" src="${MAIL_PATH}/${m.id}" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>
</article>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo mailbox (${messages.length})</title>
<style>
body{margin:0;padding:16px;font-family:system-ui,sans-serif;background:#fafafa;color:#18181b}
main{max-width:760px;margin:0 auto}
article{background:#fff;border:1px solid #e4e4e7;border-radius:8px;padding:12px 16px;margin:16px 0}
h2{font-size:18px;margin:0 0 4px}.meta{color:#52525b;font-size:14px;margin:0 0 8px;overflow-wrap:anywhere}
iframe{width:100%;height:640px;border:1px solid #e4e4e7;border-radius:6px}
</style></head>
<body><main>
<h1>Demo mailbox</h1>
<p>Every e-mail the demo sent, received by its own SMTP server on 127.0.0.1:${smtpPort}. Nothing leaves this machine. Newest first; reload to see new mail.</p>
${items || "<p><em>No mail yet. Buy a ticket: the confirmation arrives here once the order is paid.</em></p>"}
</main></body></html>
`;
}
