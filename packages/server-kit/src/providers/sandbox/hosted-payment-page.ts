import type { SandboxPayment } from "./sandbox-payment.js";

/** What the page says beside the payment, for example after a refused button. */
export interface HostedPageNotice {
  kind: "error";
  text: string;
}

/** Where the page's stylesheet is served, relative to the service's base path. */
export const STYLESHEET_PATH = "assets/sandbox.css";

/**
 * The sandbox's hosted payment page: plain HTML with one form per choice, no script at all,
 * so it works under any Content-Security-Policy and without JavaScript.
 *
 * With `returnTo` (the answer to a choice) it shows the outcome and sends the browser on to
 * that URL by itself (a meta refresh, which also replaces this page in the history), with a
 * link for a browser that does not follow it.
 */
export function renderHostedPaymentPage(
  payment: SandboxPayment,
  options: {
    basePath: string;
    now: Date;
    locale: string;
    notice?: HostedPageNotice;
    returnTo?: string;
  },
): string {
  const { basePath, now, locale, notice, returnTo } = options;
  // The description's first line is the title; further lines are what is bought, one a line.
  const [title, ...lines] = payment.description.split("\n").map((line) => line.trim());
  const amount = formatMoney(payment.amount.amount, payment.amount.currency, locale);
  const expiresAt = new Date(payment.expiresAt);
  // Paths without an origin, so the page works under whichever host name the browser used.
  const action = (choice: string) =>
    escapeHtml(`${basePath}pay/${encodeURIComponent(payment.id)}/${choice}`);
  const open = payment.status === "requested" && now < expiresAt;
  const body = open
    ? `<p>This payment request expires ${time(expiresAt, now, locale)}.</p>
    <div class="choices">
      <form method="post" action="${action("pay")}"><button type="submit" class="pay">Pay</button></form>
      <form method="post" action="${action("decline")}"><button type="submit">Decline</button></form>
      <form method="post" action="${action("cancel")}"><button type="submit">Cancel</button></form>
    </div>
    <p class="hint">Sandbox: Pay succeeds, Decline simulates a refused card, Cancel gives up. No money moves.</p>`
    : `<p class="result" role="status">${escapeHtml(describeOutcome(payment, now, expiresAt))}</p>
    <p><a href="${escapeHtml(payment.returnUrl)}">Back to the shop</a></p>`;
  const noticeHtml = notice ? `<p class="notice" role="alert">${escapeHtml(notice.text)}</p>` : "";
  // The serialized URL: no quote to open it and no space, which would end it in `content`.
  const refresh = returnTo
    ? `\n  <meta http-equiv="refresh" content="0; url=${escapeHtml(new URL(returnTo).href)}">`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">${refresh}
  <title>Pay ${escapeHtml(amount)} · Admit sandbox</title>
  <link rel="stylesheet" href="${escapeHtml(basePath + STYLESHEET_PATH)}">
</head>
<body>
  <main>
    <p class="badge">Sandbox payment</p>
    <h1>${escapeHtml(title || "Payment")}</h1>${lines.length ? `\n    <ul class="items">${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>` : ""}
    <p class="amount">${escapeHtml(amount)}</p>
    ${noticeHtml}
    ${body}
  </main>
</body>
</html>
`;
}

/** The sentence shown instead of the buttons once nothing can be chosen any more. */
function describeOutcome(payment: SandboxPayment, now: Date, expiresAt: Date): string {
  switch (payment.status) {
    case "requested":
    case "expired":
      return now >= expiresAt ? "This payment request expired." : "This payment request is open.";
    case "authorized":
      return "Payment authorized. The shop will confirm your order.";
    case "captured":
      return payment.amountRefunded.amount > 0 ? "Payment made, then refunded." : "Payment made.";
    case "failed":
      return payment.failureReason === "cancelled" ? "Payment cancelled." : "Payment declined.";
    case "voided":
      return "Payment authorization released; nothing was charged.";
  }
}

/** Formats an amount in minor units with the currency's own number of decimals. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/**
 * When the request expires, as the time left ("in 9 minutes"): true in every time zone, where
 * a clock time would be the server's zone (the page runs no script to learn the buyer's).
 */
function time(date: Date, now: Date, locale: string): string {
  const minutes = Math.max(1, Math.floor((date.getTime() - now.getTime()) / 60_000));
  const text = new Intl.RelativeTimeFormat(locale, { numeric: "always" }).format(minutes, "minute");
  return `<time datetime="${date.toISOString()}">${escapeHtml(text)}</time>`;
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The page's stylesheet, served as a file so the page needs no inline style either. */
export const HOSTED_PAGE_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; display: grid; place-items: center; min-height: 100vh; background: Canvas; color: CanvasText; }
main { max-width: 28rem; padding: 2rem; border: 1px solid GrayText; border-radius: 0.75rem; margin: 1rem; }
.badge { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 1rem; background: #fde68a; color: #3b2f00; font-size: 0.8rem; }
h1 { font-size: 1.4rem; margin: 0.5rem 0; }
.items { margin: 0; padding-left: 1.2rem; }
.amount { font-size: 2rem; font-weight: 700; margin: 0.5rem 0 1rem; }
.choices { display: flex; gap: 0.5rem; flex-wrap: wrap; }
button { font: inherit; padding: 0.6rem 1.2rem; border-radius: 0.5rem; border: 1px solid GrayText; background: ButtonFace; color: ButtonText; cursor: pointer; }
button.pay { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
button:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.notice { padding: 0.5rem 0.75rem; border-left: 4px solid #b91c1c; }
.hint { font-size: 0.85rem; opacity: 0.8; }
`;
