import { AdmitApiError } from "@admit/client";
import { expect } from "chai";
import { problemOf } from "./problem-of.js";

const refused = (code: string, status = 409) =>
  new AdmitApiError({ type: "about:blank", title: code, status, code }, status);

describe("problemOf", () => {
  it("keeps the public routes' codes, a promo code's refusals among them", () => {
    expect(problemOf(refused("sold_out"))).to.equal("sold_out");
    // A hold refused for its code (used up between the check and Reserve) says why.
    for (const code of ["promo_code_used_up", "promo_code_expired", "promo_code_unknown"]) {
      expect(problemOf(refused(code))).to.equal(code);
    }
  });

  it("turns any other code (an admin route's, one this version does not know) into unknown", () => {
    expect(problemOf(refused("refund_exceeds_paid"))).to.equal("unknown");
    expect(problemOf(refused("brand_new_code"))).to.equal("unknown");
    expect(problemOf(new Error("boom"))).to.equal("unknown");
  });
});
