import { delay, http } from "msw";
import { expect, userEvent, waitFor } from "storybook/test";
import { MOCK_API, tiers } from "../../test/mocks/fixtures.js";
import preview from "../.storybook/preview.js";
import { mockApi } from "./support/mock-scenario.js";
import { galaWith, longNamesEvent, manyTiersEvent } from "./support/story-events.js";
import { WIDGET_META, type WidgetArgs } from "./support/widget-args.js";
import {
  chooseSeats,
  shadowScreen,
  waitForState,
  widgetIn,
  widgetText,
} from "./support/widget-screen.js";

/**
 * Loading the event and choosing tickets: the `loading`, `error`, `ready` and
 * `waitlist-joined` states, with every kind of tier availability.
 */
const meta = preview.type<{ args: WidgetArgs }>().meta({
  title: "admit-tickets/Choosing tickets",
  ...WIDGET_META,
});

/** `loading`: the event has not answered yet (the mock holds the answer back). */
export const Loading = meta.story({
  beforeEach: mockApi(
    {},
    http.get(`${MOCK_API}/events/:eventId`, () => delay("infinite")),
  ),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "loading");
    await expect(widgetText(widget)).toContain("Loading tickets…");
  },
});

/** `error`: the server stayed busy through the client's retries; the buyer can try again. */
export const LoadError = meta.story({
  name: "Error (with retry)",
  tags: ["http-problems"],
  beforeEach: mockApi({ problems: { getEvent: "busy" } }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "error");
    const screen = shadowScreen(widget);
    // "Busy" is one of the messages that arrive with the later English: at once, not before.
    await waitFor(() =>
      expect(widgetText(widget)).toContain("The ticket server is busy and nothing was changed."),
    );
    await expect(screen.getByRole("button", { name: "Try again" })).toBeEnabled();
  },
});

/** `ready` with the gala's five tiers, one of each availability kind. */
export const Ready = meta.story({
  beforeEach: mockApi(),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const text = widgetText(widget);
    for (const shown of [
      "Spring Gala 2027",
      "Standard",
      "Only 3 left",
      "Sold out",
      "Sales have ended",
    ])
      await expect(text).toContain(shown);
  },
});

/** An `available` tier: a quantity spinbutton named after the tier, and the running total. */
export const Available = meta.story({
  beforeEach: mockApi({ event: galaWith(tiers.standard) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    await chooseSeats(widget, "Standard", 2);
    await expect(screen.getByText("€90.00")).toBeVisible();
    await expect(screen.getByRole("button", { name: "Reserve" })).toBeEnabled();
  },
});

/** A `limited` tier says how few remain ("Only 3 left") and caps the quantity there. */
export const Limited = meta.story({
  name: "Limited (only N left)",
  beforeEach: mockApi({ event: galaWith(tiers.vip) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    await expect(screen.getByText("Only 3 left")).toBeVisible();
    const quantity = screen.getByRole("spinbutton", { name: "Quantity for VIP" });
    await expect(quantity).toHaveAttribute("max", "3");
  },
});

/** A `sold_out` tier with a waitlist offers to join it instead of a quantity. */
export const SoldOutWithWaitlist = meta.story({
  name: "Sold out with waitlist",
  beforeEach: mockApi({ event: galaWith(tiers.standard, tiers.student) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    await expect(screen.getByText("Sold out")).toBeVisible();
    await expect(screen.getByRole("button", { name: "Join the waitlist: Student" })).toBeEnabled();
    await expect(screen.queryByRole("spinbutton", { name: /Student/ })).toBeNull();
  },
});

/** A `not_on_sale` tier shows when its sales start, in the buyer's locale. */
export const NotYetOnSale = meta.story({
  name: "Not yet on sale",
  beforeEach: mockApi({ event: galaWith(tiers.standard, tiers.late) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(widgetText(widget)).toMatch(/On sale from .*2027/);
    const screen = shadowScreen(widget);
    await expect(screen.queryByRole("spinbutton", { name: /Door/ })).toBeNull();
  },
});

/** An `ended` tier says so and cannot be chosen. */
export const SalesEnded = meta.story({
  name: "Sales ended",
  beforeEach: mockApi({ event: galaWith(tiers.standard, tiers.early) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    await expect(screen.getByText("Sales have ended")).toBeVisible();
    await expect(screen.queryByRole("spinbutton", { name: /Early bird/ })).toBeNull();
  },
});

/** Twelve tiers in four sections, some limited, some sold out. */
export const ManyTiers = meta.story({
  args: { event: manyTiersEvent.id },
  beforeEach: mockApi({ event: manyTiersEvent }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    await expect(screen.queryAllByRole("spinbutton")).toHaveLength(9);
    await expect(screen.queryAllByRole("button", { name: /Join the waitlist/ })).toHaveLength(3);
  },
});

/** Very long event, venue and tier names wrap inside the widget; nothing is cut off. */
export const LongNames = meta.story({
  args: { event: longNamesEvent.id },
  beforeEach: mockApi({ event: longNamesEvent }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(widget.scrollWidth).toBeLessThanOrEqual(widget.clientWidth);
  },
});

/** `waitlist-joined`: the buyer joined the waitlist of a sold-out tier and sees their place. */
export const WaitlistJoined = meta.story({
  beforeEach: mockApi({ event: galaWith(tiers.standard, tiers.student) }),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    await userEvent.click(screen.getByRole("button", { name: "Join the waitlist: Student" }));
    await userEvent.type(await screen.findByLabelText("Email"), "grace@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Join the waitlist" }));
    await waitForState(widget, "waitlist-joined");
    await expect(widgetText(widget)).toContain("You are on the waitlist, number 1.");
  },
});

/**
 * The quantity stepper: − and + (named after the tier) stay within the tier's limits; a typed
 * count out of range shows what is allowed, and the total keeps the last valid count.
 */
export const QuantityStepper = meta.story({
  name: "Quantity stepper, out of range",
  beforeEach: mockApi(),
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    const more = screen.getByRole("button", { name: "One more VIP" });
    for (let i = 0; i < 3; i++) await userEvent.click(more);
    await expect(more).toBeDisabled();
    await expect(screen.getByRole("button", { name: "One fewer VIP" })).toBeEnabled();
    const field = screen.getByRole("spinbutton", { name: "Quantity for VIP" });
    await userEvent.type(field, "9", { initialSelectionStart: 0, initialSelectionEnd: 1 });
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(widgetText(widget)).toContain("Choose 0 to 3 tickets.");
    // The total still counts the 3 taken before.
    await expect(widgetText(widget)).toContain("Total €360.00");
  },
});
