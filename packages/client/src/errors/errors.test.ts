import { describe, expect, it } from "vitest";
import { AdmitApiError, isAdmitApiError } from "./admit-api-error.js";
import { AdmitClientError, isAdmitClientError } from "./admit-client-error.js";
import { ContractError, isContractError } from "./contract-error.js";
import { isNetworkError, NetworkError } from "./network-error.js";
import { isTimeoutError, TimeoutError } from "./timeout-error.js";

const soldOut = new AdmitApiError(
  {
    type: "urn:admit:problem:sold_out",
    title: "Not enough seats remain",
    status: 409,
    code: "sold_out",
  },
  409,
);

describe("errors", () => {
  it("every error is an AdmitClientError with a literal name and a stable code", () => {
    const errors = [
      soldOut,
      new ContractError("GET /x", [{ path: "a.b", message: "bad" }]),
      new NetworkError("GET /x"),
      new TimeoutError("GET /x", 10),
    ];
    expect(errors.map((e) => [e.name, e.code])).toEqual([
      ["AdmitApiError", "sold_out"],
      ["ContractError", "contract_mismatch"],
      ["NetworkError", "network_error"],
      ["TimeoutError", "timeout"],
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AdmitClientError);
      expect(isAdmitClientError(error)).toBe(true);
    }
  });

  it("each guard recognises its own error only", () => {
    expect(isAdmitApiError(soldOut)).toBe(true);
    expect(isAdmitApiError(soldOut, "sold_out")).toBe(true);
    expect(isAdmitApiError(soldOut, "not_found")).toBe(false);
    expect(isContractError(soldOut)).toBe(false);
    expect(isNetworkError(new TimeoutError("GET /x", 1))).toBe(false);
    expect(isTimeoutError(new TimeoutError("GET /x", 1))).toBe(true);
  });

  it("guards refuse look-alikes: an Error named AdmitApiError is not one", () => {
    const fake = Object.assign(new Error("x"), { name: "AdmitApiError", code: "sold_out" });
    expect(isAdmitApiError(fake)).toBe(false);
    expect(isAdmitClientError({ name: "NetworkError" })).toBe(false);
    expect(isAdmitClientError(null)).toBe(false);
  });

  it("guards recognise errors of another copy of the package (shared Symbol.for brand)", () => {
    const fromOtherCopy = Object.defineProperty(
      Object.assign(new Error("x"), { name: "NetworkError", code: "network_error" }),
      Symbol.for("@admit/client.error"),
      { value: true },
    );
    expect(isNetworkError(fromOtherCopy)).toBe(true);
  });

  it("messages say what failed and where", () => {
    expect(
      new ContractError("GET /events/x", [
        { path: "tiers.0.price.amount", message: "expected int" },
      ]).message,
    ).toMatch(/GET \/events\/x.*tiers\.0\.price\.amount.*expected int/);
    expect(soldOut.message).toContain("sold_out");
  });
});
