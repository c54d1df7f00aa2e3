import type { Event, PromoCodeCheck, Tier } from "@admit/client/contract";
import { expect, userEvent, waitFor } from "storybook/test";
import { galaEvent, tiers } from "../../test/mocks/fixtures.js";
import preview from "../.storybook/preview.js";
import { holdSeats } from "./support/buyer-steps.js";
import { mockApi } from "./support/mock-scenario.js";
import { WIDGET_META, type WidgetArgs } from "./support/widget-args.js";
import { shadowScreen, waitForState, widgetIn, widgetText } from "./support/widget-screen.js";

/**
 * Promo codes, fees and taxes: the promo field (only when the event has codes), a code applied
 * or refused, a hidden tier unlocked, and the summary before Pay with VAT (included or added)
 * and fees.
 */
const meta = preview.type<{ args: WidgetArgs }>().meta({
  title: "admit-tickets/Promo codes, fees and taxes",
  ...WIDGET_META,
});

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const vatIncluded: Tier = {
  ...tiers.standard,
  tax: { rateBasisPoints: 1900, pricing: "inclusive" },
  fee: { kind: "fixed", amount: EUR(150), per: "ticket" },
};
const vatAdded: Tier = {
  ...tiers.standard,
  id: "workshop",
  name: "Workshop",
  price: EUR(1000),
  tax: { rateBasisPoints: 700, pricing: "exclusive" },
};
const feeOnly: Tier = {
  ...tiers.standard,
  fee: { kind: "fixed", amount: EUR(150), per: "ticket" },
};
const crew: Tier = { ...tiers.standard, id: "crew", name: "Crew", price: EUR(1000) };
const withCodes = (...list: Tier[]): Event => ({ ...galaEvent, tiers: list, hasPromoCodes: true });
const early: PromoCodeCheck = {
  code: "EARLY20",
  discount: { kind: "percent", basisPoints: 2000 },
  scope: "ticket",
  unlocksTierIds: [],
  unlockedTiers: [],
};
const crewCode: PromoCodeCheck = {
  code: "CREW",
  scope: "ticket",
  unlocksTierIds: ["crew"],
  unlockedTiers: [crew],
};

async function applyCode(widget: HTMLElement, code: string) {
  const screen = shadowScreen(widget as never);
  const input = (await screen.findByLabelText("Promo code")) as HTMLInputElement;
  input.value = "";
  await userEvent.type(input, code);
  await userEvent.click(screen.getByRole("button", { name: "Apply" }));
}

/** A code applied: the discount shows at once, and the held summary takes it off. */
export const CodeApplied = meta.story({
  name: "Code applied",
  beforeEach: mockApi({ event: withCodes(vatIncluded), promoCodes: [early] }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await applyCode(widget, "early20");
    await waitFor(() => expect(widgetText(widget)).toContain("Code EARLY20 applied: 20% off"));
    await holdSeats(widget, "Standard", 1);
    await waitFor(() => expect(widgetText(widget)).toContain("Discount (EARLY20) −€9.00"));
  },
});

/** A code refused: its own message, the field marked invalid. */
export const CodeRefused = meta.story({
  name: "Code refused",
  tags: ["http-problems"],
  beforeEach: mockApi({
    event: withCodes(vatIncluded),
    promoCodes: [early],
    promoRefusals: { SPRING: "promo_code_expired" },
  }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await applyCode(widget, "SPRING");
    await waitFor(() =>
      expect(widgetText(widget)).toContain("This code has expired or is not valid yet."),
    );
    await applyCode(widget, "NOPE");
    await waitFor(() => expect(widgetText(widget)).toContain("This code is not valid."));
  },
});

/** A hidden tier unlocked: the code's tier joins the list and can be reserved. */
export const HiddenTierUnlocked = meta.story({
  name: "Hidden tier unlocked",
  beforeEach: mockApi({ event: withCodes(tiers.standard), promoCodes: [crewCode] }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(widgetText(widget)).not.toContain("Crew");
    await applyCode(widget, "crew");
    await waitFor(() => expect(widgetText(widget)).toContain("Crew"));
    await holdSeats(widget, "Crew", 1);
  },
});

/** Inclusive VAT and a fee: "incl. 19% VAT, + €1.50 fee" per tier; the total includes the VAT. */
export const InclusiveTaxAndFee = meta.story({
  name: "Breakdown with inclusive tax and a fee",
  beforeEach: mockApi({ event: withCodes(vatIncluded) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(widgetText(widget)).toContain("incl. 19% VAT, + €1.50 fee");
    await holdSeats(widget, "Standard", 2);
    await waitFor(() => expect(widgetText(widget)).toContain("Fees €3.00"));
    await expect(widgetText(widget)).toContain("Total €93.00");
    await expect(widgetText(widget)).toContain("Includes €14.36 VAT");
  },
});

/** Exclusive VAT: "+ 7% VAT" per tier; the summary adds it on top. */
export const ExclusiveTax = meta.story({
  name: "Breakdown with exclusive tax",
  beforeEach: mockApi({ event: withCodes(vatAdded) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(widgetText(widget)).toContain("+ 7% VAT");
    await holdSeats(widget, "Workshop", 2);
    await waitFor(() => expect(widgetText(widget)).toContain("VAT €1.40"));
    await expect(widgetText(widget)).toContain("Total €21.40");
  },
});

/** A service fee and no tax: "+ €1.50 fee" per tier, and the fees as their own line before Pay. */
export const Fee = meta.story({
  name: "Fee",
  beforeEach: mockApi({ event: { ...galaEvent, tiers: [feeOnly] } }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(widgetText(widget)).toContain("+ €1.50 fee");
    await expect(widgetText(widget)).not.toContain("VAT");
    await holdSeats(widget, "Standard", 2);
    await waitFor(() => expect(widgetText(widget)).toContain("Fees €3.00"));
    await expect(widgetText(widget)).toContain("Total €93.00");
    await expect(widgetText(widget)).not.toContain("VAT");
  },
});
