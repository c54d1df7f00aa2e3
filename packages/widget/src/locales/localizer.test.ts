import { expect } from "chai";
import { Localizer, resolveLocale } from "./localizer.js";

describe("Localizer", () => {
  const ownZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;

  it("picks the first language with messages, keeping the full tag; English otherwise", () => {
    expect(resolveLocale([undefined, "", "de-AT", "en-US"])).to.equal("de-AT");
    expect(resolveLocale(["not a tag!", "fr-FR"])).to.equal("en");
  });

  it("formats minor units exactly in the currency's own digits", () => {
    expect(new Localizer("en").money({ amount: 4500, currency: "EUR" })).to.equal("€45.00");
    expect(new Localizer("en").money({ amount: 4500, currency: "JPY" })).to.equal("¥4,500");
    expect(new Localizer("en").money({ amount: 900719925474099, currency: "USD" })).to.equal(
      "$9,007,199,254,740.99",
    );
  });

  it("shows an event's time in the event's time zone, named when it is not the buyer's", () => {
    const zone = ownZone === "Asia/Tokyo" ? "Europe/Berlin" : "Asia/Tokyo";
    const local = zone === "Asia/Tokyo" ? "Jan 31, 2027, 3:00 AM" : "Jan 30, 2027, 7:00 PM";
    const text = new Localizer("en").dateTime("2027-01-30T18:00:00Z", zone);
    expect(text).to.contain(local);
    expect(text).to.match(/GMT\+\d/);
    // In the buyer's own zone the name would be noise.
    expect(new Localizer("en").dateTime("2027-01-30T18:00:00Z", ownZone)).not.to.match(/GMT/);
  });

  it("falls back to the buyer's zone for a zone the browser does not know, or none", () => {
    const plain = new Localizer("en").dateTime("2027-01-30T18:00:00Z");
    expect(new Localizer("en").dateTime("2027-01-30T18:00:00Z", "Mars/Olympus")).to.equal(plain);
  });
});
