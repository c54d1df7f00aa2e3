import { AdminOrder, Timeline, type TimelineEntry } from "@admit/client";
import { expect } from "vitest";
import * as z from "zod/mini";
import type { KitClient } from "./test-harness.js";

/** The bearer token the test harness's `authorize` accepts as staff. */
export const ADMIN_TOKEN = "admin-secret";

/** The admin view of an order, read through `c`'s mount and checked against the contract. */
export async function adminOrder(c: KitClient, orderId: string): Promise<AdminOrder> {
  const answer = await c.api("GET", `/admin/orders/${orderId}`, { token: ADMIN_TOKEN });
  expect(answer.status).toBe(200);
  return z.parse(AdminOrder, answer.body);
}

/** Wait until the kit recorded what `done` looks for (webhooks arrive in the background). */
export async function adminOrderUntil(
  c: KitClient,
  orderId: string,
  done: (order: AdminOrder) => boolean,
): Promise<AdminOrder> {
  for (let i = 0; i < 100; i++) {
    const order = await adminOrder(c, orderId);
    if (done(order)) return order;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${orderId} never got there`);
}

/** An order's timeline, read as staff and checked against the contract; with `type`, only its entries of that type. */
export async function adminTimeline(
  c: KitClient,
  orderId: string,
  type?: string,
): Promise<TimelineEntry[]> {
  const answer = await c.api("GET", `/admin/orders/${orderId}/timeline`, { token: ADMIN_TOKEN });
  expect(answer.status).toBe(200);
  const { items } = z.parse(Timeline, answer.body);
  return type === undefined ? items : items.filter((entry) => entry.type === type);
}
