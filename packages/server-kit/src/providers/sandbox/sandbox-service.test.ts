import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { forwardedTo } from "../../testing/sandbox-page.js";
import type { CreatePaymentInput, SignedPaymentProvider } from "../payment-provider.js";
import { startWebhookReceiver, type WebhookReceiver } from "../webhook-receiver.js";
import { generateWebhookSecret } from "./generate-webhook-secret.js";
import { sandboxProvider } from "./sandbox-provider.js";
import { createSandboxService, type SandboxService } from "./sandbox-service.js";
import type { SandboxServiceOptions } from "./sandbox-service-options.js";

const apiKey = "sk_sandbox_service_test";
const webhookSecret = generateWebhookSecret();
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  service: SandboxService;
  provider: SignedPaymentProvider;
  receiver: WebhookReceiver;
  url: string;
  clock: { offsetMs: number };
}

async function start(options: Partial<SandboxServiceOptions> = {}): Promise<Started> {
  const receiver = await startWebhookReceiver();
  const clock = { offsetMs: 0 };
  const service = createSandboxService({
    apiKey,
    webhookSecret,
    publicUrl: "http://127.0.0.1:0/sandbox",
    webhookUrl: receiver.url,
    clock: () => new Date(Date.now() + clock.offsetMs),
    webhookRetry: { attempts: 4, baseDelayMs: 5 },
    ...options,
  });
  const { url: origin } = await service.listen(0);
  cleanups.push(
    () => receiver.close(),
    () => service.close(),
  );
  const url = `${origin}/sandbox`;
  return {
    service,
    receiver,
    url,
    clock,
    provider: sandboxProvider({ url, apiKey, webhookSecret }),
  };
}

let sequence = 0;
function input(overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  sequence += 1;
  return {
    paymentId: `pay_${sequence}`,
    orderId: `ord_${sequence}`,
    amount: { amount: 4500, currency: "EUR" },
    expiresAt: new Date(Date.now() + 10 * 60_000),
    returnUrl: `https://shop.example/admit/return/ord_${sequence}`,
    description: "Spring concert",
    ...overrides,
  };
}

async function press(paymentUrl: string, button: "pay" | "decline" | "cancel") {
  return fetch(`${paymentUrl}/${button}`, { method: "POST", redirect: "manual" });
}

async function page(paymentUrl: string, locale = "en") {
  const response = await fetch(paymentUrl, { headers: { "accept-language": locale } });
  return { response, html: await response.text() };
}

const button = (name: string) => new RegExp(`<button[^>]*>${name}</button>`);

describe("hosted payment page", () => {
  it("shows the description (escaped), the amount in the currency's format and the three buttons", async () => {
    const { provider } = await start();
    const created = await provider.createPayment(
      input({ description: `<script>alert("x")</script> & "friends"` }),
      { idempotencyKey: "page_1" },
    );
    const { response, html } = await page(created.paymentUrl);
    expect(response.status).toBe(200);
    expect(html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;friends&quot;",
    );
    expect(html).not.toContain("<script");
    expect(html).toContain("€45.00");
    for (const name of ["Pay", "Decline", "Cancel"]) expect(html).toMatch(button(name));
  });

  it("lists what is bought (the description's further lines) and gives the expiry as time left, not in UTC", async () => {
    const { provider } = await start();
    const created = await provider.createPayment(
      input({
        description: "Spring concert\n2 × Standing\n1 × Front row",
        expiresAt: new Date(Date.now() + 9.5 * 60_000),
      }),
      { idempotencyKey: "items" },
    );
    const { html } = await page(created.paymentUrl);
    expect(html).toContain("<h1>Spring concert</h1>");
    expect(html).toContain('<ul class="items"><li>2 × Standing</li><li>1 × Front row</li></ul>');
    expect(html).toMatch(/expires <time datetime="[^"]+">in 9 minutes<\/time>/);
    expect(html).not.toContain("UTC");
  });

  it("formats amounts by the currency's minor unit (JPY has none)", async () => {
    const { provider } = await start();
    const created = await provider.createPayment(
      input({ amount: { amount: 4500, currency: "JPY" } }),
      { idempotencyKey: "jpy" },
    );
    expect((await page(created.paymentUrl)).html).toMatch(/¥4,500/);
  });

  it("is served with a CSP that allows no script and form posts only to itself", async () => {
    const { provider } = await start();
    const created = await provider.createPayment(input(), { idempotencyKey: "csp" });
    const csp = (await page(created.paymentUrl)).response.headers.get("content-security-policy");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    // Only itself: the way back to the shop is a meta refresh, not a redirect of the form post.
    expect(csp).toContain("form-action 'self';");
    expect(csp).not.toContain("shop.example");
  });

  it("Pay answers the result, which sends the browser on to the return URL, and the page then shows the result", async () => {
    const { provider } = await start();
    const request = input();
    const created = await provider.createPayment(request, { idempotencyKey: "pay_redirect" });
    const response = await press(created.paymentUrl, "pay");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("form-action 'self';");
    expect(await forwardedTo(response.clone())).toBe(request.returnUrl);
    const answered = await response.text();
    expect(answered).toContain("Payment made.");
    expect(answered).toContain(`<a href="${request.returnUrl}">Back to the shop</a>`);
    const { html } = await page(created.paymentUrl);
    expect(html).toContain("Payment made.");
    expect(html).not.toMatch(button("Pay"));
  });

  it("the page that moves on carries the return URL serialized and escaped, so no markup or quote breaks out", async () => {
    const { provider } = await start();
    const returnUrl = `https://shop.example/a'b/"><script>x</script>?q="x' y"&z=1`;
    const created = await provider.createPayment(input({ returnUrl }), { idempotencyKey: "esc" });
    const response = await press(created.paymentUrl, "cancel");
    const html = await response.clone().text();
    expect(html).not.toContain("<script>");
    expect(html).not.toMatch(/url=[^"]*"[^>]*>[^<]*<script/);
    // What the browser follows is the URL as the WHATWG parser serializes it.
    expect(await forwardedTo(response)).toBe(new URL(returnUrl).href);
  });

  it("a completed payment cannot be chosen again: Pay after Decline is refused", async () => {
    const { provider } = await start();
    const created = await provider.createPayment(input(), { idempotencyKey: "twice" });
    expect(await forwardedTo(await press(created.paymentUrl, "decline"))).toBeDefined();
    expect((await press(created.paymentUrl, "pay")).status).toBe(409);
    expect((await provider.getPayment(created.providerReference)).status).toBe("failed");
  });

  it("after expiry the page says so, shows no Pay button, and a posted Pay is refused", async () => {
    const { provider, clock } = await start();
    const created = await provider.createPayment(input(), { idempotencyKey: "expired" });
    expect((await page(created.paymentUrl)).html).toMatch(button("Pay"));
    clock.offsetMs = 10 * 60_000;
    const { html } = await page(created.paymentUrl);
    expect(html).toContain("This payment request expired.");
    expect(html).not.toMatch(button("Pay"));
    const refused = await press(created.paymentUrl, "pay");
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("expired");
    expect((await provider.getPayment(created.providerReference)).status).toBe("expired");
  });

  it("answers under the publicUrl prefix and without it, so hosts can mount it either way", async () => {
    const { service, provider } = await start();
    const created = await provider.createPayment(input(), { idempotencyKey: "mount" });
    const path = new URL(created.paymentUrl).pathname;
    expect(path.startsWith("/sandbox/pay/")).toBe(true);
    const prefixed = await service.handle(new Request(`http://host${path}`));
    const stripped = await service.handle(
      new Request(`http://host${path.slice("/sandbox".length)}`),
    );
    expect([prefixed.status, stripped.status]).toEqual([200, 200]);
  });

  it("an unknown payment page is a 404, and the stylesheet is served as CSS", async () => {
    const { url } = await start();
    expect((await fetch(`${url}/pay/sbx_pay_nope`)).status).toBe(404);
    const css = await fetch(`${url}/assets/sandbox.css`);
    expect(css.headers.get("content-type")).toContain("text/css");
  });
});

describe("webhooks", () => {
  it("are retried until the receiver answers 2xx, every attempt with the same webhook-id", async () => {
    const { provider, receiver, service } = await start();
    receiver.respond = (_, index) => (index < 2 ? 500 : 204);
    const created = await provider.createPayment(input(), { idempotencyKey: "retry" });
    await press(created.paymentUrl, "pay");
    await service.webhooksSettled();
    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((webhook) => webhook.headers.get("webhook-id")));
    expect(ids.size).toBe(1);
    const last = receiver.received[2]!;
    const event = await provider.verifyWebhook(last.rawBody, last.headers);
    expect(event).toMatchObject({ eventId: [...ids][0], payment: { status: "captured" } });
  });

  it("give up after the configured number of attempts", async () => {
    const { provider, receiver, service } = await start({
      webhookRetry: { attempts: 3, baseDelayMs: 5 },
    });
    receiver.respond = () => 503;
    const created = await provider.createPayment(input(), { idempotencyKey: "give_up" });
    await press(created.paymentUrl, "decline");
    await service.webhooksSettled();
    expect(receiver.received).toHaveLength(3);
  });

  it("each status change is a new event with its own webhook-id", async () => {
    const { provider, receiver, service } = await start();
    const created = await provider.createPayment(input(), { idempotencyKey: "two_events" });
    await press(created.paymentUrl, "pay");
    await provider.refund(
      created.providerReference,
      { amount: 500, currency: "EUR" },
      { idempotencyKey: "r" },
    );
    await service.webhooksSettled();
    const ids = receiver.received.map((webhook) => webhook.headers.get("webhook-id"));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("with webhooks off none is sent while lookup still reports captured; on, one is (control)", async () => {
    for (const webhooks of [false, true]) {
      const { provider, receiver, service } = await start({ webhooks });
      const created = await provider.createPayment(input(), { idempotencyKey: `off_${webhooks}` });
      await press(created.paymentUrl, "pay");
      await service.webhooksSettled();
      expect(receiver.received).toHaveLength(webhooks ? 1 : 0);
      expect((await provider.getPayment(created.providerReference)).status).toBe("captured");
    }
  });

  it("while refunds fail, a refund answers failed with its reason and returns nothing; the same key answers the same; null makes them succeed", async () => {
    const { provider, service } = await start({ refundFailure: "refund_impossible" });
    const created = await provider.createPayment(input(), { idempotencyKey: "voucher" });
    await press(created.paymentUrl, "pay");
    const amount = { amount: 500, currency: "EUR" };
    const failed = await provider.refund(created.providerReference, amount, {
      idempotencyKey: "r1",
    });
    expect(failed).toMatchObject({ status: "failed", failureReason: "refund_impossible" });
    expect((await provider.getPayment(created.providerReference)).amountRefunded).toEqual({
      amount: 0,
      currency: "EUR",
    });
    service.setRefundFailure(null);
    const replay = await provider.refund(created.providerReference, amount, {
      idempotencyKey: "r1",
    });
    expect(replay).toEqual(failed);
    const made = await provider.refund(created.providerReference, amount, {
      idempotencyKey: "r2",
    });
    expect(made.status).toBe("succeeded");
    const payment = await provider.getPayment(created.providerReference);
    expect(payment).toMatchObject({ status: "partially_refunded", amountRefunded: amount });
    service.setRefundFailure("insufficient_funds");
    const again = await provider.refund(created.providerReference, amount, {
      idempotencyKey: "r3",
    });
    expect(again).toMatchObject({ status: "failed", failureReason: "insufficient_funds" });
  });

  it("setWebhooksEnabled(false) stops sending, and true starts again", async () => {
    const { provider, receiver, service } = await start();
    const created = await provider.createPayment(input(), { idempotencyKey: "toggle" });
    service.setWebhooksEnabled(false);
    await press(created.paymentUrl, "pay");
    await service.webhooksSettled();
    expect(receiver.received).toHaveLength(0);
    service.setWebhooksEnabled(true);
    await provider.refund(
      created.providerReference,
      { amount: 100, currency: "EUR" },
      { idempotencyKey: "t" },
    );
    await service.webhooksSettled();
    expect(receiver.received).toHaveLength(1);
  });

  it("never hold up the buyer: Pay answers while the receiver has not answered yet", async () => {
    const { provider, receiver, service } = await start();
    let release: (status: number) => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      receiver.respond = () => {
        resolve();
        return new Promise<number>((answer) => {
          release = answer;
        });
      };
    });
    const created = await provider.createPayment(input(), { idempotencyKey: "slow" });
    const response = await press(created.paymentUrl, "pay");
    expect(response.status).toBe(200);
    await arrived;
    release(200);
    await service.webhooksSettled();
    expect(receiver.received).toHaveLength(1);
  });
});

describe("persistence", () => {
  it("with a dataFile, a restarted service keeps its payments and idempotency keys", async () => {
    const dir = mkdtempSync(join(tmpdir(), "admit-sandbox-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataFile = join(dir, "nested", "sandbox.json");
    const request = input();
    const first = await start({ dataFile });
    const created = await first.provider.createPayment(request, { idempotencyKey: "persist" });
    await press(created.paymentUrl, "pay");
    await first.service.close();

    const second = await start({ dataFile });
    const again = await second.provider.createPayment(request, { idempotencyKey: "persist" });
    expect(again.providerReference).toBe(created.providerReference);
    expect((await second.provider.getPayment(created.providerReference)).status).toBe("captured");
  });
});
