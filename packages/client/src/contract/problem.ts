import * as z from "zod/mini";

/**
 * Every problem code of the API with its HTTP status and a one-line English title.
 * Both the server (to answer) and the client (to type errors) use this table.
 */
export const PROBLEMS = {
  invalid_request: { status: 422, title: "The request is not valid" },
  not_found: { status: 404, title: "Not found" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Not allowed" },
  not_on_sale: { status: 409, title: "Not on sale" },
  sold_out: { status: 409, title: "Not enough seats remain" },
  limit_exceeded: { status: 409, title: "Ticket limit exceeded" },
  hold_not_active: { status: 409, title: "The hold is no longer active" },
  order_not_payable: { status: 409, title: "The order cannot be paid now" },
  refund_exceeds_paid: { status: 409, title: "Refund exceeds what remains refundable" },
  already_checked_in: { status: 409, title: "Ticket already checked in" },
  ticket_not_valid: { status: 409, title: "Ticket is not valid for entry" },
  capacity_below_sold: { status: 409, title: "Capacity is below what is sold" },
  idempotency_key_required: { status: 400, title: "Idempotency-Key header required" },
  idempotency_key_reused: { status: 422, title: "Idempotency-Key reused with a different request" },
  idempotency_in_progress: {
    status: 409,
    title: "A request with this Idempotency-Key is in progress",
  },
  invalid_signature: { status: 400, title: "Webhook signature is not valid" },
  rate_limited: { status: 429, title: "Too many requests" },
  busy: { status: 503, title: "The server is busy; nothing was changed" },
  provider_unavailable: {
    status: 502,
    title: "The payment provider did not answer; nothing was charged",
  },
  internal_error: {
    status: 500,
    title: "Unexpected server error; details are in the server's log",
  },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];
export const ProblemCodeSchema = z.enum(PROBLEM_CODES as [ProblemCode, ...ProblemCode[]]);

/** The RFC 9457 `type` URI of a problem code. */
export function problemType(code: ProblemCode): string {
  return `urn:admit:problem:${code}`;
}

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/**
 * An RFC 9457 problem body. Extra members depend on the code: `errors` (invalid_request),
 * `tiers` (sold_out), `checkedInAt` (already_checked_in), `retryAfterSeconds` (rate_limited, busy).
 */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.optional(z.string()),
  errors: z.optional(z.array(FieldError)),
  tiers: z.optional(z.array(z.object({ tierId: z.string(), remaining: z.int() }))),
  checkedInAt: z.optional(z.string()),
});
export type Problem = z.infer<typeof Problem>;

/** Whether `code` is one of the API's problem codes. */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === "string" && Object.hasOwn(PROBLEMS, code);
}
