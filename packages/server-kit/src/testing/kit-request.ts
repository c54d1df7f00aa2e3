import type { Admit } from "../create-admit.js";

/** Call `admit.handle` directly (no framework), as a client at `ip`. Answers status and JSON body. */
export async function kitRequest(
  admit: Admit,
  method: string,
  path: string,
  options: { body?: unknown; ip?: string; token?: string; key?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field.
): Promise<{ status: number; body: any }> {
  const headers = new Headers();
  if (options.body !== undefined) headers.set("content-type", "application/json");
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (method === "POST") headers.set("idempotency-key", options.key ?? crypto.randomUUID());
  const response = await admit.handle(
    new Request(`http://kit.test${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    { clientIp: options.ip ?? "203.0.113.1" },
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** An event with one tier of `capacity` seats, created through the admin route. */
export async function createEventDirect(
  admit: Admit,
  eventId: string,
  tier: {
    capacity: number;
    minPerOrder?: number;
    maxPerOrder?: number;
    salesStart?: string;
    salesEnd?: string;
  },
  event: { status?: string; timeZone?: string } = {},
): Promise<void> {
  const response = await admit.handle(
    new Request(`http://kit.test/admin/events/${eventId}`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: "Bearer admin-secret" },
      body: JSON.stringify({
        name: "Race night",
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        currency: "EUR",
        ...event,
        tiers: [{ id: "ga", name: "GA", price: { amount: 1000, currency: "EUR" }, ...tier }],
      }),
    }),
  );
  if (response.status >= 300)
    throw new Error(`createEvent ${response.status} ${await response.text()}`);
}

/** The admin hook the tests use. */
export const testAuthorize = (request: Request) =>
  request.headers.get("authorization") === "Bearer admin-secret"
    ? { id: "staff_1", name: "Staff" }
    : null;
