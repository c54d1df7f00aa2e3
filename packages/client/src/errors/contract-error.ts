import { AdmitClientError, isAdmitClientError } from "./admit-client-error.js";

/** One mismatch between an answer and the contract. */
export interface ContractIssue {
  /** Dotted path of the field, for example `tiers.0.price.amount`; empty for the whole body. */
  readonly path: string;
  readonly message: string;
}

/**
 * The server answered 2xx with a body that does not match the contract, so the client
 * refuses to hand it on. It means the server and client versions disagree (or a proxy
 * answered); retrying does not help.
 *
 * @example
 * catch (error) {
 *   if (isContractError(error)) report(`server answer broke ${error.path}`);
 * }
 */
export class ContractError extends AdmitClientError {
  override readonly name = "ContractError";
  declare readonly code: "contract_mismatch";
  /** Path of the first mismatching field, for example `tiers.0.price.amount`. */
  readonly path: string;
  /** Every mismatch found. */
  readonly issues: readonly ContractIssue[];
  /** What was requested, for example `GET /events/spring-gala`. */
  readonly request: string;

  constructor(request: string, issues: readonly ContractIssue[], options?: ErrorOptions) {
    const first = issues[0] ?? { path: "", message: "does not match the contract" };
    super(
      "contract_mismatch",
      `The answer to ${request} does not match the contract at "${first.path || "(body)"}": ${first.message}. ` +
        "Check that @admit/client and @admit/server-kit are the same version.",
      options,
    );
    this.path = first.path;
    this.issues = issues;
    this.request = request;
  }
}

/**
 * Whether `error` is a {@link ContractError}.
 * @example if (isContractError(error)) console.error(error.issues);
 */
export function isContractError(error: unknown): error is ContractError {
  return isAdmitClientError(error) && error.name === "ContractError";
}
