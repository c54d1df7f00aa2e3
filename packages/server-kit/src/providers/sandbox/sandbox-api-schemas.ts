import { Money } from "@admit/client/contract";
import * as z from "zod/mini";

/** `POST /api/payments`: what the provider client sends to create a payment. */
export const CreateSandboxPaymentBody = z.object({
  paymentId: z.string().check(z.minLength(1), z.maxLength(200)),
  orderId: z.string().check(z.minLength(1), z.maxLength(200)),
  amount: Money,
  expiresAt: z.iso.datetime(),
  returnUrl: z.url({ protocol: /^https?$/ }),
  description: z.string().check(z.maxLength(500)),
  buyerEmail: z.optional(z.string().check(z.maxLength(320))),
  reference: z.optional(z.string().check(z.maxLength(200))),
  /** The kit's event; `GET /api/payments?eventId=` lists by it. */
  eventId: z.optional(z.string().check(z.maxLength(200))),
  captureMode: z.enum(["automatic", "manual"]),
});
export type CreateSandboxPaymentBody = z.infer<typeof CreateSandboxPaymentBody>;

/** `POST /api/payments/:id/capture` and `POST /api/payments/:id/refunds`. */
export const SandboxAmountBody = z.object({ amount: Money });
export type SandboxAmountBody = z.infer<typeof SandboxAmountBody>;

/** Every error answer of the sandbox's API. */
export const SandboxErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type SandboxErrorBody = z.infer<typeof SandboxErrorBody>;

/** `GET /api/payments?eventId=&createdFrom=`: the payments of one event, oldest first. */
export const SandboxPaymentListQuery = z.object({
  eventId: z.string().check(z.minLength(1), z.maxLength(200)),
  createdFrom: z.iso.datetime(),
});
export type SandboxPaymentListQuery = z.infer<typeof SandboxPaymentListQuery>;
