// Type tests: `npm run typecheck` fails when a `@ts-expect-error` below stops being an error,
// so each one proves the contract's types refuse that mistake. The runtime assertions show
// the schemas refuse the same values.
import { describe, expect, expectTypeOf, it } from "vitest";
import { type AdmitClient, createAdmitClient } from "../admit-client.js";
import { isAdmitApiError } from "../errors/admit-api-error.js";
import { type Event, type Hold, HoldRequest, Money, money } from "./index.js";

const client: AdmitClient = createAdmitClient({ baseUrl: "https://tickets.test/admit" });

describe("contract types", () => {
  it("a misspelled request field does not compile", () => {
    const request: HoldRequest = {
      eventId: "spring-gala",
      // @ts-expect-error the field is `quantity`
      items: [{ tierId: "adult", qty: 2 }],
    };
    expect(HoldRequest.safeParse(request).success).toBe(false);
  });

  it("a client cannot send a price with a hold request", () => {
    const request: HoldRequest = {
      eventId: "spring-gala",
      items: [{ tierId: "adult", quantity: 2 }],
      // @ts-expect-error prices are computed by the server
      total: { amount: 1, currency: "EUR" },
    };
    expect(request.eventId).toBe("spring-gala");
  });

  it("a misspelled answer field does not compile", () => {
    const read = (hold: Hold) => {
      // @ts-expect-error the field is `expiresAt`
      return hold.expiresIn;
    };
    expect(read).toBeTypeOf("function");
  });

  it("an amount of money must be a number of minor units, not a string", () => {
    const price: Money = {
      // @ts-expect-error "45.00" is a string
      amount: "45.00",
      currency: "EUR",
    };
    expect(Money.safeParse(price).success).toBe(false);
  });

  it("money() refuses a float literal at compile time and any float at run time", () => {
    expect(money(4500, "EUR")).toEqual({ amount: 4500, currency: "EUR" });
    // @ts-expect-error 45.5 is not a whole number of cents
    expect(() => money(45.5, "EUR")).toThrow(RangeError);
    const computed: number = 0.1 + 0.2;
    expect(() => money(computed, "EUR")).toThrow(RangeError);
    expect(() => money(100, "EURO")).toThrow(RangeError);
    expect(Money.safeParse({ amount: 45.5, currency: "EUR" }).success).toBe(false);
  });

  it("client methods take the contract's requests and return its answers", () => {
    expectTypeOf(client.getEvent).returns.resolves.toEqualTypeOf<Event>();
    expectTypeOf(client.createHold).parameter(0).toEqualTypeOf<HoldRequest>();
    const call = () =>
      // @ts-expect-error `eventID` is not a field of HoldRequest
      client.createHold({ eventID: "spring-gala", items: [] });
    expect(call).toBeTypeOf("function");
  });

  it("isAdmitApiError narrows to the code and refuses a misspelled one", () => {
    const error: unknown = undefined;
    if (isAdmitApiError(error, "sold_out")) expectTypeOf(error.code).toEqualTypeOf<"sold_out">();
    // @ts-expect-error no such problem code
    expect(isAdmitApiError(error, "sold_ot")).toBe(false);
    expect(isAdmitApiError(error, "http_502")).toBe(false);
  });
});
