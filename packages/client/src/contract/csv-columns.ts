/**
 * The header rows of the back office's CSV exports, in order: the server kit writes them and the
 * OpenAPI document lists them, from these lists. Amounts are integer minor units;
 * `currency_exponent` says where the decimal point goes.
 * @module
 */

/**
 * The columns of `GET /admin/orders?format=csv` (or `Accept: text/csv`), one row per order
 * line; the order's columns repeat on each of its lines.
 */
export const ORDER_CSV_COLUMNS = [
  "order_id",
  "event_id",
  "status",
  "reference",
  "buyer_name",
  "buyer_email",
  "created_at",
  "updated_at",
  "paid_at",
  "currency",
  "currency_exponent",
  "order_total",
  "order_refunded",
  "paid_payment_attempt_id",
  "paid_provider",
  "paid_provider_reference",
  "manual_review_reason",
  "line",
  "tier_id",
  "tier_name",
  "quantity",
  "unit_price",
  "line_total",
  "tickets_valid",
  "tickets_voided",
  "tickets_checked_in",
  /** The answers to the order questions: a JSON object by question id (empty when none). */
  "order_answers",
  /**
   * The answers of the line's attendees: a JSON array, one object per ticket,
   * `{"ticketId": …, "<questionId>": answer}` (empty when none).
   */
  "attendee_answers",
  "promo_code",
  "order_net",
  "order_tax",
  "order_fee",
  "order_discount",
  "order_refunded_net",
  "order_refunded_tax",
  "order_refunded_fee",
  "line_net",
  "line_tax",
  "line_fee",
  "line_discount",
] as const;

/**
 * The columns of `GET /admin/events/:eventId/reconciliation?format=csv` (or `Accept: text/csv`).
 * `row` is `payment` (one per payment attempt with a provider reference), `unknown_payment`
 * (money at a provider that no order knows), `provider_total` (the kit's totals per
 * provider), then `charged_total` and `refunded_total` (per currency: what paid orders were
 * charged and what was refunded of it, split into `net`, `tax`, `fee`, `discount`, `gross`).
 */
export const RECONCILIATION_CSV_COLUMNS = [
  "row",
  "event_id",
  "order_id",
  "order_status",
  "payment_attempt_id",
  "provider",
  "provider_reference",
  "role",
  "status",
  "currency",
  "currency_exponent",
  "captured",
  "refunded",
  "provider_status",
  "provider_captured",
  "provider_refunded",
  "mismatches",
  "detail",
  "net",
  "tax",
  "fee",
  "discount",
  "gross",
] as const;
