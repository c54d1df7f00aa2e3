/**
 * Every problem code of the API with its HTTP status: all the client needs to type and
 * recognise errors. The English titles the server answers with are in `problem.ts`
 * (`PROBLEMS`), kept apart so browser bundles do not carry them.
 */
export const PROBLEM_STATUSES = {
  invalid_request: 422,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  not_on_sale: 409,
  sold_out: 409,
  limit_exceeded: 409,
  hold_not_active: 409,
  order_not_payable: 409,
  refund_exceeds_paid: 409,
  already_checked_in: 409,
  ticket_not_valid: 409,
  ticket_signature_invalid: 422,
  order_not_paid: 409,
  capacity_below_sold: 409,
  promo_code_unknown: 422,
  promo_code_expired: 409,
  promo_code_used_up: 409,
  promo_code_not_applicable: 409,
  promo_code_exists: 409,
  idempotency_key_required: 400,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  invalid_signature: 400,
  rate_limited: 429,
  busy: 503,
  not_ready: 503,
  provider_unavailable: 502,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ProblemCode = keyof typeof PROBLEM_STATUSES;
export const PROBLEM_CODES = /* @__PURE__ */ Object.keys(PROBLEM_STATUSES) as ProblemCode[];

/** The RFC 9457 `type` URI of a problem code. */
export function problemType(code: ProblemCode): string {
  return `urn:admit:problem:${code}`;
}

/** Whether `code` is one of the API's problem codes. */
export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === "string" && Object.hasOwn(PROBLEM_STATUSES, code);
}
