import { Event } from "@admit/client/contract";
import { expect } from "chai";
import { galaEvent, workshopEvent } from "../mocks/fixtures.js";

describe("mock fixtures", () => {
  it("every fixture event satisfies the contract's Event schema", () => {
    for (const event of [galaEvent, workshopEvent])
      expect(Event.safeParse(event).success).to.equal(true);
  });

  it("the schema check can fail (control): a float price is refused", () => {
    const broken = structuredClone(galaEvent);
    broken.tiers[0]!.price.amount = 45.5;
    expect(Event.safeParse(broken).success).to.equal(false);
  });
});
