import type { AdmitTickets } from "@admit/widget";
import { html } from "lit";
import { expect, userEvent, waitFor } from "storybook/test";
import { conferenceEvent, MOCK_API } from "../../test/mocks/fixtures.js";
import preview from "../.storybook/preview.js";
import { firstVisit, mockApi } from "./support/mock-scenario.js";
import { WIDGET_ARG_TYPES, WIDGET_ARGS, type WidgetArgs } from "./support/widget-args.js";
import {
  chooseSeats,
  shadowScreen,
  waitForState,
  widgetIn,
  widgetText,
} from "./support/widget-screen.js";

/**
 * Checkout questions (issue #17): the buyer form asks the event's questions of every type, per
 * order and per ticket; shows errors tied to their fields; takes the host page's prefill,
 * editable or fixed; and two widgets on a page sell two groups of tiers.
 */
const meta = preview.type<{ args: WidgetArgs }>().meta({
  title: "admit-tickets/Checkout questions",
  component: "admit-tickets",
  args: { ...WIDGET_ARGS, event: "conference" },
  argTypes: WIDGET_ARG_TYPES,
  render: (args) => html`<admit-tickets event=${args.event} api=${args.api}
    locale=${args.locale ?? "en"}></admit-tickets>`,
  beforeEach: [firstVisit, forgetDrafts, mockApi({ event: conferenceEvent })],
});

/** Every story starts with an empty form: no draft kept by an earlier story in this tab. */
function forgetDrafts(): void {
  for (const key of Object.keys(sessionStorage))
    if (key.startsWith("admit-draft:") || key.startsWith("admit:")) sessionStorage.removeItem(key);
}

/** Holds one Standard and one VIP seat: the T-shirt question is asked for the Standard one only. */
async function holdMixed(widget: AdmitTickets): Promise<void> {
  await waitForState(widget, "ready");
  await chooseSeats(widget, "Standard", 1);
  await chooseSeats(widget, "VIP", 1);
  await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Reserve" }));
  await waitForState(widget, "held");
}

/** Every question type: order questions once, attendee questions per ticket of their tiers. */
export const QuestionsOfEachType = meta.story({
  name: "Questions of each type",
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await holdMixed(widget);
    const screen = shadowScreen(widget);
    await expect(await screen.findByLabelText("Company")).toBeRequired();
    await expect(screen.getByRole("checkbox", { name: "I accept the terms" })).toBeRequired();
    await expect(screen.getByRole("link", { name: "Read the terms" })).toBeVisible();
    await expect(screen.getByRole("textbox", { name: "Notes (optional)" })).toBeVisible();
    await expect(screen.queryAllByRole("combobox", { name: "T-shirt size" })).toHaveLength(1);
    await expect(screen.queryAllByRole("group", { name: /^Diet/ })).toHaveLength(2);
    await expect(screen.queryAllByRole("combobox", { name: /^Country/ })).toHaveLength(2);
    await expect(widgetText(widget)).toContain("Ticket 2: VIP");
  },
});

/** Pay with no question answered: each field says what is missing, and focus goes to the first. */
export const QuestionErrors = meta.story({
  name: "Errors tied to their fields",
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await holdMixed(widget);
    const screen = shadowScreen(widget);
    await userEvent.type(await screen.findByLabelText("Name"), "Ada Lovelace");
    await userEvent.type(await screen.findByLabelText("Email"), "ada@example.com");
    await userEvent.click(screen.getByRole("button", { name: /^Pay/ }));
    const company = await screen.findByLabelText("Company");
    await waitFor(() => expect(company).toHaveAttribute("aria-invalid", "true"));
    await expect(company).toHaveAccessibleDescription("Please fill this in.");
    await expect(
      screen.getByRole("checkbox", { name: "I accept the terms" }),
    ).toHaveAccessibleDescription("Please tick this box to continue.");
    await expect((company.getRootNode() as ShadowRoot).activeElement).toBe(company);
  },
});

/** The host page's prefill: a logged-in buyer; the values stay editable. */
export const Prefilled = meta.story({
  render: (args) => html`<admit-tickets event=${args.event} api=${args.api} locale="en"
    buyer-name="Ada Lovelace" buyer-email="ada@example.com"
    data-question-company="Analytical Engines" data-question-shirt="m"></admit-tickets>`,
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await holdMixed(widget);
    const screen = shadowScreen(widget);
    const name = await screen.findByLabelText("Name");
    await expect(name).toHaveValue("Ada Lovelace");
    await expect(name).not.toHaveAttribute("readonly");
    await expect(await screen.findByLabelText("Company")).toHaveValue("Analytical Engines");
  },
});

/** `prefill-fixed`: the prefilled values cannot be changed; the others can. */
export const PrefilledFixed = meta.story({
  name: "Prefilled and fixed",
  render: (args) => html`<admit-tickets event=${args.event} api=${args.api} locale="en"
    buyer-name="Ada Lovelace" buyer-email="ada@example.com"
    data-question-company="Analytical Engines" data-question-shirt="m" prefill-fixed></admit-tickets>`,
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await holdMixed(widget);
    const screen = shadowScreen(widget);
    await expect(await screen.findByLabelText("Name")).toHaveAttribute("readonly");
    await expect(await screen.findByLabelText("Company")).toHaveAttribute("readonly");
    await expect(screen.getByRole("combobox", { name: "T-shirt size" })).toBeDisabled();
    await expect(screen.getByRole("textbox", { name: "Notes (optional)" })).not.toHaveAttribute(
      "readonly",
    );
  },
});

/** The questions' frame in German: the labels are the organizer's, the rest is the widget's. */
export const QuestionsInGerman = meta.story({
  name: "Questions in German",
  args: { locale: "de" },
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    // The German catalogue is a chunk: wait for it.
    const quantity = await shadowScreen(widget).findByRole("spinbutton", {
      name: "Anzahl für Standard",
    });
    await userEvent.type(quantity, "1", { initialSelectionStart: 0, initialSelectionEnd: 1 });
    // As `chooseSeats` does: commit the edit the way a browser does on leaving the field.
    quantity.dispatchEvent(new Event("change", { bubbles: true }));
    await userEvent.click(shadowScreen(widget).getByRole("button", { name: "Reservieren" }));
    await waitForState(widget, "held");
    await userEvent.click(shadowScreen(widget).getByRole("button", { name: /^Bezahlen/ }));
    await waitFor(() => expect(widgetText(widget)).toContain("Bitte füllen Sie dieses Feld aus."));
    await expect(widgetText(widget)).toContain("Ticket 1: Standard");
  },
});

/** Two widgets of one event, each selling its own group of tiers with its own hold and total. */
export const TwoWidgetsTierGroups = meta.story({
  name: "Two widgets, two tier groups",
  args: { event: "spring-gala" },
  beforeEach: [mockApi()],
  render: (args) => html`<div style="display: grid; gap: 1rem">
    <admit-tickets event=${args.event} api=${MOCK_API} locale="en" tiers="standard,student"></admit-tickets>
    <admit-tickets event=${args.event} api=${args.api} locale="en" tiers="vip"></admit-tickets>
  </div>`,
  async play({ canvasElement }) {
    const [a, b] = [...canvasElement.querySelectorAll("admit-tickets")] as AdmitTickets[];
    await waitForState(a!, "ready");
    await waitForState(b!, "ready");
    await expect(
      shadowScreen(a!).queryAllByRole("spinbutton", { name: "Quantity for VIP" }),
    ).toHaveLength(0);
    await expect(
      shadowScreen(b!).queryAllByRole("spinbutton", { name: "Quantity for Standard" }),
    ).toHaveLength(0);
    await chooseSeats(a!, "Standard", 2);
    await userEvent.click(shadowScreen(a!).getByRole("button", { name: "Reserve" }));
    await waitForState(a!, "held");
    await expect(shadowScreen(a!).getByRole("button", { name: "Pay €90.00" })).toBeEnabled();
    // The other widget is untouched: its own tiers, no hold (its own session).
    await expect(b!.state.name).toBe("ready");
    await chooseSeats(b!, "VIP", 1);
    await expect(widgetText(b!)).toContain("€120.00");
  },
});
