import { AdmitApiError, type AdmitClient } from "@admit/client";
import type { Event, Hold, PromoCodeCheck, Tier } from "@admit/client/contract";
import { clientContext, Localizer, type WidgetState } from "@admit/widget";
import { ContextProvider } from "@lit/context";
import { setViewport } from "@web/test-runner-commands";
import { expect } from "chai";
import { renderPart } from "../../../../../test/browser/helpers/part-host.js";
import { byRole, settle, type } from "../../../../../test/browser/helpers/widget.js";
import { galaEvent, tiers } from "../../../../../test/mocks/fixtures.js";
import { prefilledCode } from "./promo-field.js";

const crew: Tier = {
  ...tiers.standard,
  id: "crew",
  name: "Crew",
  price: { amount: 1000, currency: "EUR" },
};
const event: Event = { ...galaEvent, hasPromoCodes: true };
const ready: WidgetState = { name: "ready", event, quantities: {} };
const early: PromoCodeCheck = {
  code: "EARLY20",
  discount: { kind: "percent", basisPoints: 2000 },
  scope: "ticket",
  unlocksTierIds: ["crew"],
  unlockedTiers: [crew],
};

/** A client that knows EARLY20 and refuses the rest with the server's problem codes. */
function provideClient(): void {
  const refusals: Record<string, [string, number]> = {
    OLD: ["promo_code_expired", 409],
    GONE: ["promo_code_used_up", 409],
  };
  const client = {
    async checkPromoCode(_eventId: string, code: string) {
      if (code.toUpperCase() === "EARLY20") return early;
      const [problem, status] = refusals[code] ?? ["promo_code_unknown", 422];
      throw new AdmitApiError({ type: "t", title: "t", status, code: problem }, status);
    },
  } as unknown as AdmitClient;
  new ContextProvider(document.body, { context: clientContext, initialValue: client });
}
provideClient();

describe("admit-promo-field", () => {
  it("applies a code at once: the discount shows and the unlocked tier joins the event", async () => {
    const { part, sent, remove } = await renderPart("admit-promo-field", ready);
    type(byRole(part, "textbox", "Promo code"), "early20");
    byRole(part, "button", "Apply").click();
    await new Promise((r) => setTimeout(r, 20));
    await settle(part);
    const promo = sent.find((s) => s.type === "promo");
    expect(promo).to.deep.include({ code: "EARLY20" });
    expect((promo as { event: Event }).event.tiers.map((t) => t.id)).to.include("crew");
    expect(part.shadowRoot!.textContent).to.contain("Code EARLY20 applied: 20% off");
    byRole(part, "button", "Remove code").click();
    const removed = sent.at(-1) as { event: Event; code?: string };
    expect(removed.code).to.equal(undefined);
    expect(removed.event.tiers.map((t) => t.id)).not.to.include("crew");
    remove();
  });

  it("says distinctly why a code was refused: wrong, expired, used up", async () => {
    const { part, remove } = await renderPart("admit-promo-field", ready);
    const messages: string[] = [];
    for (const code of ["NOPE", "OLD", "GONE"]) {
      type(byRole(part, "textbox", "Promo code"), code);
      byRole(part, "button", "Apply").click();
      await new Promise((r) => setTimeout(r, 20));
      await settle(part);
      messages.push(part.shadowRoot!.querySelector("[part=problem]")!.textContent!.trim());
    }
    expect(messages).to.deep.equal([
      "This code is not valid. Check its spelling.",
      "This code has expired or is not valid yet.",
      "This code has been used up.",
    ]);
    expect(byRole(part, "textbox", "Promo code").getAttribute("aria-invalid")).to.equal("true");
    remove();
  });

  it("is prefilled from the promo-code attribute, else from ?promo=", () => {
    const host = document.createElement("admit-tickets");
    expect(prefilledCode(host, "https://shop.example/?promo=SPRING")).to.equal("SPRING");
    host.setAttribute("promo-code", "EARLY20");
    expect(prefilledCode(host, "https://shop.example/?promo=SPRING")).to.equal("EARLY20");
    expect(prefilledCode(undefined, "https://shop.example/")).to.equal("");
  });
});

describe("prices as the law expects", () => {
  const vat = { rateBasisPoints: 1900, pricing: "inclusive" } as const;
  const fee = { kind: "fixed", amount: { amount: 150, currency: "EUR" }, per: "ticket" } as const;

  it("a tier row says the VAT it includes and the fee it adds, in English and German", async () => {
    const tier: Tier = { ...tiers.standard, tax: vat, fee };
    const { part, remove } = await renderPart("admit-tier-row", ready, { tier });
    expect(part.shadowRoot!.querySelector("[part=price-note]")!.textContent).to.equal(
      "incl. 19% VAT, + €1.50 fee",
    );
    remove();
    const de = await Localizer.load("de-DE");
    expect(de.m.tax(19, true)).to.equal("inkl. 19 % MwSt.");
    const text = de.m.fee(de.money({ amount: 150, currency: "EUR" }), "ticket");
    expect(text.replace(/\s/g, " ")).to.equal("zzgl. 1,50 € Gebühr");
  });

  it("the summary before Pay lists the lines, the discount, VAT and fees, and adds up to the total", async () => {
    const workshop: Tier = {
      ...tiers.vip,
      id: "ws",
      name: "Workshop",
      price: { amount: 1000, currency: "EUR" },
      tax: { rateBasisPoints: 700, pricing: "exclusive" },
    };
    const standard: Tier = { ...tiers.standard, tax: vat, fee };
    const hold: Hold = {
      id: "hold_abcdefgh1234",
      eventId: "spring-gala",
      items: [
        { tierId: "standard", quantity: 1 },
        { tierId: "ws", quantity: 1 },
      ],
      total: { amount: 4820, currency: "EUR" },
      status: "active",
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
      now: new Date().toISOString(),
      token: "tok_0123456789abcdefghijklmnopqrstuv",
      promoCode: "EARLY20",
      breakdown: { net: 4025, tax: 645, fee: 150, discount: 900, gross: 4820 },
      lines: [
        {
          tierId: "standard",
          quantity: 1,
          breakdown: { net: 3025, tax: 575, fee: 150, discount: 900, gross: 3750 },
        },
        {
          tierId: "ws",
          quantity: 1,
          breakdown: { net: 1000, tax: 70, fee: 0, discount: 0, gross: 1070 },
        },
      ],
    };
    const held: WidgetState = {
      name: "held",
      event: { ...event, tiers: [standard, workshop] },
      held: { hold, skewMs: 0 },
    };
    const { part, remove } = await renderPart("admit-hold-countdown", held);
    const rows = [...part.shadowRoot!.querySelectorAll("li, .total")].map((r) =>
      [...r.children].map((c) => c.textContent!.replace(/\s+/g, " ").trim()).join(" "),
    );
    expect(rows).to.deep.equal([
      "1 × Standard €45.00",
      "1 × Workshop €10.00",
      "Discount (EARLY20) −€9.00",
      "VAT €0.70",
      "Fees €1.50",
      "Total €48.20",
    ]);
    // 45.00 − 9.00 + 0.70 + 1.50 = 48.20
    expect(part.shadowRoot!.querySelector("p[part=tax]")!.textContent).to.contain(
      "Includes €5.75 VAT",
    );
    remove();
  });
});

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  describe(`promo field and price notes at ${viewport.width}px`, () => {
    it("fit the width: nothing overflows, the field and Apply stay on screen", async () => {
      await setViewport(viewport);
      const tier: Tier = {
        ...tiers.standard,
        name: "Standard admission with a long German name: Stehplatz im Parkett",
        tax: { rateBasisPoints: 1900, pricing: "inclusive" },
        fee: { kind: "percent", basisPoints: 250, per: "order" },
      };
      const field = await renderPart("admit-promo-field", ready);
      const row = await renderPart("admit-tier-row", ready, { tier });
      expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
      for (const el of [
        byRole(field.part, "textbox", "Promo code"),
        byRole(field.part, "button", "Apply"),
        row.part.shadowRoot!.querySelector("[part=price-note]")!,
      ]) {
        const r = el.getBoundingClientRect();
        expect(r.width, el.tagName).to.be.greaterThan(0);
        expect(r.right, el.tagName).to.be.at.most(innerWidth);
      }
      expect(row.part.shadowRoot!.textContent).to.contain("incl. 19% VAT, + 2.5% fee per order");
      field.remove();
      row.remove();
    });
  });
}
