import { delay, http } from "msw";
import { expect, userEvent, waitFor } from "storybook/test";
import { MOCK_API } from "../../test/mocks/fixtures.js";
import preview from "../.storybook/preview.js";
import { reserveTwoStandard } from "./support/buyer-steps.js";
import { mockApi } from "./support/mock-scenario.js";
import { WIDGET_META, type WidgetArgs } from "./support/widget-args.js";
import { shadowScreen, waitForState, widgetIn, widgetText } from "./support/widget-screen.js";

/** Holding seats: `holding`, `held` with the server-timed countdown, releasing, `hold-expired`. */
const meta = preview.type<{ args: WidgetArgs }>().meta({
  title: "admit-tickets/Holding seats",
  ...WIDGET_META,
});

/** `holding`: "Reserve" was pressed and the server has not answered yet. */
export const Holding = meta.story({
  beforeEach: mockApi(
    {},
    http.post(`${MOCK_API}/holds`, () => delay("infinite")),
  ),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await reserveTwoStandard(widget);
    await waitForState(widget, "holding");
    const reserve = shadowScreen(widget).getByRole("button", { name: "Reserve" });
    await expect(reserve).toBeDisabled();
    await expect(reserve).toHaveAttribute("aria-busy", "true");
  },
});

/** `held`: the seats are the buyer's until the server's `expiresAt`; the countdown shows it. */
export const Held = meta.story({
  name: "Held with countdown",
  beforeEach: mockApi(),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await reserveTwoStandard(widget);
    await waitForState(widget, "held");
    const screen = shadowScreen(widget);
    await expect(widgetText(widget)).toMatch(/Your tickets are reserved for \d+:\d\d/);
    // What is reserved, with the server's total.
    await expect(widgetText(widget)).toContain("Reserved for you 2 × Standard €90.00 Total €90.00");
    await expect(screen.getByRole("button", { name: "Release" })).toBeEnabled();
    await expect(screen.getByRole("button", { name: "Pay €90.00" })).toBeEnabled();
    await expect(await screen.findByLabelText("Name")).toBeRequired();
    await expect(await screen.findByLabelText("Email")).toBeRequired();
  },
});

/** "Release" gives the seats back and returns to the tiers with the same choice. */
export const Released = meta.story({
  beforeEach: mockApi(),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await reserveTwoStandard(widget);
    await waitForState(widget, "held");
    await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Release" }));
    // Release asks first, with "Keep them" as the safe answer.
    const keep = await shadowScreen(widget).findByRole("button", { name: "Keep them" });
    // The safe answer takes the focus (inside the part's shadow root).
    await waitFor(() => expect((keep.getRootNode() as ShadowRoot).activeElement).toBe(keep));
    await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Release" }));
    await waitForState(widget, "ready");
    const quantity = shadowScreen(widget).getByRole("spinbutton", {
      name: "Quantity for Standard",
    });
    await expect(quantity).toHaveValue(2);
  },
});

/**
 * The last minute of a hold (a 55-second hold here): the countdown turns urgent and the live
 * region says "Less than 1 minute left"; Release stays a quiet link.
 */
export const LastMinute = meta.story({
  name: "Held, last minute",
  beforeEach: mockApi({ holdTtlMs: 55_000 }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await reserveTwoStandard(widget);
    await waitForState(widget, "held");
    await expect(widgetText(widget)).toContain("Less than 1 minute left to complete your order.");
    const countdown = widget
      .shadowRoot!.querySelector("admit-hold-countdown")!
      .shadowRoot!.querySelector("[part=countdown]")!;
    await expect(countdown).toHaveClass("urgent");
  },
});

/**
 * `hold-expired`: the server's hold ran out (a 2-second hold here). The tiers stay, with the
 * quantities the hold had: change them and reserve again.
 */
export const HoldExpired = meta.story({
  beforeEach: mockApi({ holdTtlMs: 2_000 }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await reserveTwoStandard(widget);
    await waitForState(widget, "held");
    await waitForState(widget, "hold-expired");
    await expect(widgetText(widget)).toContain("Your reservation has expired");
    const screen = shadowScreen(widget);
    await userEvent.click(screen.getByRole("button", { name: "One more Standard" }));
    await expect(screen.getByRole("spinbutton", { name: "Quantity for Standard" })).toHaveValue(3);
    await expect(widgetText(widget)).toContain("€135.00");
    await expect(screen.getByRole("button", { name: "Reserve again" })).toBeEnabled();
  },
});
