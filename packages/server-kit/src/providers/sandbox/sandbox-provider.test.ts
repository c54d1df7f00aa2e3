import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardedTo } from "../../testing/sandbox-page.js";
import { signedProviderConformance } from "../conformance/provider-conformance.js";
import { PaymentProviderError } from "../payment-provider.js";
import { startWebhookReceiver, type WebhookReceiver } from "../webhook-receiver.js";
import { generateWebhookSecret } from "./generate-webhook-secret.js";
import { sandboxProvider } from "./sandbox-provider.js";
import { createSandboxService, type SandboxService } from "./sandbox-service.js";

const apiKey = "sk_sandbox_test_key";
const webhookSecret = generateWebhookSecret();
let clockOffsetMs = 0;
let receiver: WebhookReceiver;
let service: SandboxService;
let url: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  service = createSandboxService({
    apiKey,
    webhookSecret,
    publicUrl: "http://127.0.0.1:0/sandbox",
    webhookUrl: receiver.url,
    clock: () => new Date(Date.now() + clockOffsetMs),
  });
  const server = await service.listen(0);
  url = `${server.url}/sandbox`;
});

afterAll(async () => {
  await service.close();
  await receiver.close();
});

signedProviderConformance("sandbox", () => ({
  provider: sandboxProvider({ url, apiKey, webhookSecret }),
  twoStepProvider: sandboxProvider({ url, apiKey, webhookSecret, captureMode: "manual" }),
  driver: {
    now: () => new Date(Date.now() + clockOffsetMs),
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    async buyer(payment, choice) {
      // What the browser does when the buyer presses the button: submit the form.
      const response = await fetch(`${payment.paymentUrl}/${choice}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "",
        redirect: "manual",
      });
      if (response.status === 200 && (await forwardedTo(response))) return "accepted";
      if (response.status === 409) return "refused";
      throw new Error(`unexpected answer ${response.status} to ${choice}`);
    },
    deliveredWebhooks: () => receiver.received,
    signWebhook(rawBody, { id, timestamp, forge }) {
      const signer = new Webhook(forge ? generateWebhookSecret() : webhookSecret);
      const signature = signer.sign(id, timestamp, new TextDecoder().decode(rawBody));
      return new Headers({
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "webhook-signature": signature,
      });
    },
  },
}));

describe("sandboxProvider talking to the sandbox API", () => {
  const input = {
    paymentId: "pay_api",
    orderId: "ord_api",
    amount: { amount: 2500, currency: "EUR" },
    expiresAt: new Date(Date.now() + 3_600_000),
    returnUrl: "https://shop.example/return/ord_api",
    description: "API test",
  };

  it("a wrong API key is refused (401), while the right one is accepted (control)", async () => {
    const wrong = sandboxProvider({ url, apiKey: `${apiKey}x`, webhookSecret });
    const error = await wrong
      .createPayment(input, { idempotencyKey: "auth_1" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect(error).toMatchObject({ status: 401, providerCode: "unauthorized" });
    const right = sandboxProvider({ url, apiKey, webhookSecret });
    await expect(right.createPayment(input, { idempotencyKey: "auth_1" })).resolves.toBeTruthy();
  });

  it("no API key at all is refused on every route", async () => {
    for (const [method, path] of [
      ["POST", "api/payments"],
      ["GET", "api/payments/sbx_pay_x"],
      ["POST", "api/payments/sbx_pay_x/refunds"],
    ] as const) {
      const response = await fetch(`${url}/${path}`, {
        method,
        body: method === "POST" ? "{}" : undefined,
      });
      expect(response.status).toBe(401);
    }
  });

  it("the same idempotency key with another body is refused (422 idempotency_key_reused)", async () => {
    const provider = sandboxProvider({ url, apiKey, webhookSecret });
    await provider.createPayment(input, { idempotencyKey: "reuse_1" });
    await expect(
      provider.createPayment(
        { ...input, amount: { amount: 2600, currency: "EUR" } },
        { idempotencyKey: "reuse_1" },
      ),
    ).rejects.toMatchObject({ status: 422, providerCode: "idempotency_key_reused" });
  });

  it("creating without an Idempotency-Key is refused (400)", async () => {
    const response = await fetch(`${url}/api/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        ...input,
        expiresAt: input.expiresAt.toISOString(),
        captureMode: "automatic",
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "idempotency_key_required" } });
  });

  it("a request expiring in the past is refused", async () => {
    const provider = sandboxProvider({ url, apiKey, webhookSecret });
    await expect(
      provider.createPayment(
        { ...input, expiresAt: new Date(Date.now() - 1000) },
        { idempotencyKey: "past" },
      ),
    ).rejects.toMatchObject({ status: 422, providerCode: "invalid_expiry" });
  });

  it("an unreachable service fails with PaymentProviderError and no status", async () => {
    const provider = sandboxProvider({ url: "http://127.0.0.1:1/sandbox", apiKey, webhookSecret });
    const error = await provider.getPayment("sbx_pay_x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect((error as PaymentProviderError).status).toBeUndefined();
  });

  it("a 5xx answer fails with PaymentProviderError carrying the status", async () => {
    const provider = sandboxProvider({
      url,
      apiKey,
      webhookSecret,
      fetch: async () => new Response("upstream down", { status: 502 }),
    });
    await expect(provider.getPayment("sbx_pay_x")).rejects.toMatchObject({
      name: "PaymentProviderError",
      status: 502,
    });
  });

  it("a 2xx answer of the wrong shape fails with PaymentProviderError, never a half-read payment", async () => {
    const provider = sandboxProvider({
      url,
      apiKey,
      webhookSecret,
      fetch: async () => Response.json({ id: "sbx_pay_x", status: "paid" }),
    });
    await expect(provider.getPayment("sbx_pay_x")).rejects.toBeInstanceOf(PaymentProviderError);
  });

  it("a secret that is not a Standard Webhooks secret is refused at configuration time", () => {
    expect(() => sandboxProvider({ url, apiKey, webhookSecret: "hunter2" })).toThrow(/whsec_/);
  });
});
