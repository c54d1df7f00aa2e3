import * as z from "zod/mini";
import { PROBLEM_CODES, PROBLEM_STATUSES, type ProblemCode } from "./problem-codes.js";

export * from "./problem-codes.js";

/** The one-line English title of each problem code, as the server answers it. */
const PROBLEM_TITLES = {
  invalid_request: "The request is not valid",
  not_found: "Not found",
  unauthorized: "Authentication required",
  forbidden: "Not allowed",
  not_on_sale: "Not on sale",
  sold_out: "Not enough seats remain",
  limit_exceeded: "Ticket limit exceeded",
  hold_not_active: "The hold is no longer active",
  order_not_payable: "The order cannot be paid now",
  refund_exceeds_paid: "Refund exceeds what remains refundable",
  already_checked_in: "Ticket already checked in",
  ticket_not_valid: "Ticket is not valid for entry",
  ticket_signature_invalid: "The signed ticket code is forged or damaged",
  order_not_paid: "The order has no tickets to deliver",
  capacity_below_sold: "Capacity is below what is sold",
  promo_code_unknown: "No such promo code",
  promo_code_expired: "The promo code is not valid now",
  promo_code_used_up: "The promo code is used up",
  promo_code_not_applicable: "The promo code does not apply to these tickets",
  promo_code_exists: "The event already has this promo code",
  idempotency_key_required: "Idempotency-Key header required",
  idempotency_key_reused: "Idempotency-Key reused with a different request",
  idempotency_in_progress: "A request with this Idempotency-Key is in progress",
  invalid_signature: "Webhook signature is not valid",
  rate_limited: "Too many requests",
  busy: "The server is busy; nothing was changed",
  not_ready: "Not ready: the database is unreachable or its schema is not current",
  provider_unavailable: "The payment provider did not answer; nothing was charged",
  internal_error: "Unexpected server error; details are in the server's log",
} as const satisfies Record<ProblemCode, string>;

/**
 * Every problem code of the API with its HTTP status and a one-line English title, for the
 * server (to answer). The client types and recognises errors with `PROBLEM_STATUSES` alone.
 */
export const PROBLEMS = /* @__PURE__ */ Object.fromEntries(
  /* @__PURE__ */ PROBLEM_CODES.map((code) => [
    code,
    { status: PROBLEM_STATUSES[code], title: PROBLEM_TITLES[code] },
  ]),
) as {
  readonly [C in ProblemCode]: {
    readonly status: (typeof PROBLEM_STATUSES)[C];
    readonly title: (typeof PROBLEM_TITLES)[C];
  };
};

export const ProblemCodeSchema = /* @__PURE__ */ z.enum(
  PROBLEM_CODES as [ProblemCode, ...ProblemCode[]],
);

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
