import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Money } from "@admit/client/contract";
import type { CreateSandboxPaymentBody } from "./sandbox-api-schemas.js";
import type {
  SandboxFailureReason,
  SandboxPayment,
  SandboxRefund,
  SandboxRefundFailure,
} from "./sandbox-payment.js";

/** A payment as stored; the payment URL is added when it is shown, so a new `publicUrl` applies. */
type StoredPayment = Omit<SandboxPayment, "paymentUrl">;

interface StoredIdempotencyKey {
  /** The request body as validated, to tell a retry from a different request under the same key. */
  fingerprint: string;
  resultId: string;
}

interface LedgerState {
  payments: Record<string, StoredPayment>;
  refunds: Record<string, SandboxRefund>;
  idempotencyKeys: Record<string, StoredIdempotencyKey>;
}

/** Why the sandbox refused a request: becomes the HTTP status and the error body. */
export interface Refusal {
  refused: true;
  status: number;
  code: string;
  message: string;
}

function refusal(status: number, code: string, message: string): Refusal {
  return { refused: true, status, code, message };
}

/** Whether a ledger answer is a refusal. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && "refused" in value;
}

/** What the buyer chose on the hosted payment page. */
export type BuyerAction = "pay" | "decline" | "cancel";

export interface SandboxLedgerOptions {
  clock: () => Date;
  dataFile: string | undefined;
  paymentUrl: (id: string) => string;
  /** Called after every status or amount change, with the payment as it is now. */
  onChange: (payment: SandboxPayment) => void;
}

/**
 * The sandbox provider's books: payments, refunds and idempotency keys, and every rule about
 * how a payment may change. All changes are synchronous, so one Node process never interleaves
 * two of them.
 */
export class SandboxLedger {
  readonly #options: SandboxLedgerOptions;
  readonly #state: LedgerState;
  #refundFailure: SandboxRefundFailure | null = null;

  constructor(options: SandboxLedgerOptions) {
    this.#options = options;
    this.#state = loadState(options.dataFile);
  }

  create(
    body: CreateSandboxPaymentBody,
    idempotencyKey: string,
  ): { payment: SandboxPayment; replayed: boolean } | Refusal {
    const fingerprint = JSON.stringify(body);
    const known = this.#replay(`create:${idempotencyKey}`, fingerprint);
    if (isRefusal(known)) return known;
    if (known)
      return { payment: this.#present(this.#state.payments[known.resultId]!), replayed: true };
    const now = this.#options.clock();
    if (body.amount.amount <= 0)
      return refusal(422, "invalid_amount", "The amount must be positive");
    if (Date.parse(body.expiresAt) <= now.getTime()) {
      return refusal(422, "invalid_expiry", "expiresAt must be in the future");
    }
    const zero = { amount: 0, currency: body.amount.currency };
    const payment: StoredPayment = {
      id: `sbx_pay_${randomBytes(16).toString("base64url")}`,
      status: "requested",
      failureReason: null,
      ...body,
      amountCaptured: zero,
      amountRefunded: zero,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    this.#state.payments[payment.id] = payment;
    this.#state.idempotencyKeys[`create:${idempotencyKey}`] = { fingerprint, resultId: payment.id };
    this.#save();
    return { payment: this.#present(payment), replayed: false };
  }

  get(id: string): SandboxPayment | Refusal {
    const payment = this.#find(id);
    return isRefusal(payment) ? payment : this.#present(payment);
  }

  /** The payments of one event created at or after `createdFrom`, oldest first (expiry applied). */
  list(query: { eventId: string; createdFrom: Date }): SandboxPayment[] {
    const from = query.createdFrom.getTime();
    return Object.values(this.#state.payments)
      .filter((p) => p.eventId === query.eventId && Date.parse(p.createdAt) >= from)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((p) => this.#present(this.#find(p.id) as StoredPayment));
  }

  /** The buyer's choice on the hosted page; refused once the request expired or completed. */
  act(id: string, action: BuyerAction): SandboxPayment | Refusal {
    const payment = this.#find(id);
    if (isRefusal(payment)) return payment;
    if (payment.status === "expired") {
      return refusal(409, "payment_expired", "This payment request has expired");
    }
    if (payment.status !== "requested") {
      return refusal(409, "payment_completed", "This payment request is already completed");
    }
    if (action === "pay") {
      const captured = payment.captureMode === "automatic";
      return this.#change(payment, {
        status: captured ? "captured" : "authorized",
        amountCaptured: captured ? payment.amount : payment.amountCaptured,
      });
    }
    const failureReason: SandboxFailureReason = action === "decline" ? "declined" : "cancelled";
    return this.#change(payment, { status: "failed", failureReason });
  }

  /** Captures an authorization, all or part of it; repeating the same capture answers the same. */
  capture(id: string, amount: Money): SandboxPayment | Refusal {
    const payment = this.#find(id);
    if (isRefusal(payment)) return payment;
    const wrong = checkAmount(amount, payment.amount, payment.amount.amount);
    if (wrong) return wrong;
    if (payment.status === "captured" && sameMoney(payment.amountCaptured, amount)) {
      return this.#present(payment);
    }
    if (payment.status !== "authorized") {
      return refusal(
        409,
        "payment_not_capturable",
        `A ${payment.status} payment cannot be captured`,
      );
    }
    return this.#change(payment, { status: "captured", amountCaptured: amount });
  }

  /** Releases an authorization; voiding a voided payment answers the same. */
  void(id: string): SandboxPayment | Refusal {
    const payment = this.#find(id);
    if (isRefusal(payment)) return payment;
    if (payment.status === "voided") return this.#present(payment);
    if (payment.status !== "authorized") {
      return refusal(409, "payment_not_voidable", `A ${payment.status} payment cannot be voided`);
    }
    return this.#change(payment, { status: "voided" });
  }

  /**
   * From now on, every new refund fails with `reason` (nothing is returned; the failed refund is
   * kept under its idempotency key, so a retry with the same key answers the same failure), or
   * with `null` refunds succeed again.
   */
  setRefundFailure(reason: SandboxRefundFailure | null): void {
    this.#refundFailure = reason;
  }

  /** Refunds part or all of what remains captured; never more. */
  refund(id: string, amount: Money, idempotencyKey: string): SandboxRefund | Refusal {
    const fingerprint = JSON.stringify({ id, amount });
    const known = this.#replay(`refund:${idempotencyKey}`, fingerprint);
    if (isRefusal(known)) return known;
    if (known) return this.#state.refunds[known.resultId]!;
    const payment = this.#find(id);
    if (isRefusal(payment)) return payment;
    if (payment.status !== "captured") {
      return refusal(
        409,
        "payment_not_refundable",
        `A ${payment.status} payment cannot be refunded`,
      );
    }
    const remaining = payment.amountCaptured.amount - payment.amountRefunded.amount;
    const wrong = checkAmount(amount, payment.amount, remaining);
    if (wrong) {
      return wrong.code === "amount_too_large"
        ? refusal(409, "refund_exceeds_captured", `Only ${remaining} remains refundable`)
        : wrong;
    }
    const failure = this.#refundFailure;
    const refund: SandboxRefund = {
      id: `sbx_ref_${randomBytes(16).toString("base64url")}`,
      paymentId: payment.id,
      amount,
      status: failure ? "failed" : "succeeded",
      failureReason: failure,
      createdAt: this.#options.clock().toISOString(),
    };
    this.#state.refunds[refund.id] = refund;
    this.#state.idempotencyKeys[`refund:${idempotencyKey}`] = { fingerprint, resultId: refund.id };
    if (failure) {
      this.#save();
      return refund;
    }
    const refunded = { ...amount, amount: payment.amountRefunded.amount + amount.amount };
    this.#change(payment, { amountRefunded: refunded });
    return refund;
  }

  /**
   * What an idempotency key already answered (its result's id), a refusal when the key came
   * with another request, or undefined for a new key.
   */
  #replay(key: string, fingerprint: string): { resultId: string } | Refusal | undefined {
    const known = this.#state.idempotencyKeys[key];
    if (known && known.fingerprint !== fingerprint)
      return refusal(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was used for another request",
      );
    return known;
  }

  /** Looks a payment up and, if its request has run out, expires it first (lazily, on access). */
  #find(id: string): StoredPayment | Refusal {
    const payment = Object.hasOwn(this.#state.payments, id) ? this.#state.payments[id] : undefined;
    if (!payment) return refusal(404, "not_found", "No such payment");
    if (payment.status === "requested" && this.#expired(payment)) {
      this.#change(payment, { status: "expired" });
    }
    return payment;
  }

  #expired(payment: StoredPayment): boolean {
    return this.#options.clock().getTime() >= Date.parse(payment.expiresAt);
  }

  #change(payment: StoredPayment, changes: Partial<StoredPayment>): SandboxPayment {
    Object.assign(payment, changes, { updatedAt: this.#options.clock().toISOString() });
    this.#save();
    const shown = this.#present(payment);
    this.#options.onChange(shown);
    return shown;
  }

  #present(payment: StoredPayment): SandboxPayment {
    return { ...payment, paymentUrl: this.#options.paymentUrl(payment.id) };
  }

  #save(): void {
    const file = this.#options.dataFile;
    if (!file) return;
    // Write then rename, so a crash mid-write never leaves a truncated file behind.
    writeFileSync(`${file}.tmp`, JSON.stringify(this.#state));
    renameSync(`${file}.tmp`, file);
  }
}

function loadState(file: string | undefined): LedgerState {
  if (!file) return { payments: {}, refunds: {}, idempotencyKeys: {} };
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LedgerState;
  mkdirSync(dirname(file), { recursive: true });
  return { payments: {}, refunds: {}, idempotencyKeys: {} };
}

function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

function checkAmount(amount: Money, of: Money, max: number): Refusal | undefined {
  if (amount.currency !== of.currency) {
    return refusal(422, "currency_mismatch", `The payment is in ${of.currency}`);
  }
  if (amount.amount <= 0) return refusal(422, "invalid_amount", "The amount must be positive");
  if (amount.amount > max) return refusal(409, "amount_too_large", `At most ${max} is possible`);
  return undefined;
}
