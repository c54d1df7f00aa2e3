import { PROBLEMS, type ProblemCode } from "@admit/client/contract";
import { ServerKitError } from "./server-kit-error.js";

/**
 * The one error of the server kit. Every `code` is a problem code of the HTTP API and maps
 * 1:1 to an RFC 9457 answer (status and title from the contract's `PROBLEMS` table).
 *
 * @example
 * throw new AdmitError("sold_out", "Only 2 seats remain for Standing", { tiers: [{ tierId: "ga", remaining: 2 }] });
 */
export class AdmitError extends ServerKitError {
  override readonly name = "AdmitError";
  /** The stable problem code. */
  readonly code: ProblemCode;
  /** The HTTP status of the code. */
  readonly status: number;
  /** Extra problem members (for example `tiers`, `errors`, `checkedInAt`). */
  readonly extra: Record<string, unknown>;
  /** Seconds for a `Retry-After` header, where the code asks for one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ProblemCode,
    detail?: string,
    extra: Record<string, unknown> = {},
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? PROBLEMS[code].title, { cause: options.cause });
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.extra = extra;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Whether `error` is an {@link AdmitError}, also across package copies. */
export function isAdmitError(error: unknown): error is AdmitError {
  return error instanceof Error && error.name === "AdmitError" && "code" in error;
}
