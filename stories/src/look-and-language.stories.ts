import { html } from "lit";
import { expect } from "storybook/test";
import preview from "../.storybook/preview.js";
import { firstVisit, mockApi } from "./support/mock-scenario.js";
import { WIDGET_META, type WidgetArgs } from "./support/widget-args.js";
import { shadowScreen, waitForState, widgetIn, widgetText } from "./support/widget-screen.js";

/** The widget in another language, dark, themed by the host, on a phone, with seat counts. */
const meta = preview.type<{ args: WidgetArgs }>().meta({
  title: "admit-tickets/Look and language",
  ...WIDGET_META,
  beforeEach: [firstVisit, mockApi()],
});

/** `locale="de"`: German messages, euro amounts and dates formatted the German way. */
export const German = meta.story({
  args: { locale: "de" },
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    // The German catalogue loads on demand; the first render may still be English.
    await expect(await screen.findByRole("button", { name: "Reservieren" })).toBeVisible();
    await expect(screen.getByRole("spinbutton", { name: "Anzahl für Standard" })).toBeVisible();
    await expect(widgetText(widget)).toContain("45,00 €");
    await expect(widgetText(widget)).toContain("Nur noch 3");
  },
});

/**
 * Dark mode follows the buyer's system (`prefers-color-scheme: dark`); there is no attribute.
 * Switch your system or the browser's rendering emulation to see it here; the check in
 * `npm test` opens this story with a dark color scheme and checks its contrast.
 */
export const DarkMode = meta.story({
  tags: ["dark-scheme"],
  decorators: [
    (story) => html`<div style="background: Canvas; color-scheme: light dark; padding: 1rem">
      ${story()}
    </div>`,
  ],
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const base = widget.shadowRoot!.querySelector<HTMLElement>("[part=base]")!;
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    await expect(getComputedStyle(base).backgroundColor).toBe(
      dark ? "rgb(28, 28, 30)" : "rgb(255, 255, 255)",
    );
  },
});

/** A host's theme: the `--admit-*` custom properties and `::part()` rules, from outside. */
export const CustomTheme = meta.story({
  decorators: [
    (story) => html`<style>
        admit-tickets {
          --admit-accent: #0b6e4f;
          --admit-focus: #0b6e4f;
          --admit-radius: 2px;
          --admit-font: Georgia, "Times New Roman", serif;
          --admit-border: #7a8a80;
        }
        admit-tickets::part(title) {
          font-size: 1.6rem;
          letter-spacing: 0.02em;
        }
        admit-tickets::part(base) {
          box-shadow: 0 2px 10px rgb(0 0 0 / 0.12);
        }
      </style>
      ${story()}`,
  ],
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const reserve = shadowScreen(widget).getByRole("button", { name: "Reserve" });
    await expect(getComputedStyle(reserve).backgroundColor).toBe("rgb(11, 110, 79)");
    await expect(getComputedStyle(reserve).borderRadius).toBe("2px");
    const title = widget.shadowRoot!.querySelector("[part=title]")!;
    await expect(getComputedStyle(title).fontFamily).toContain("Georgia");
  },
});

/** A 320 px wide phone: everything wraps, nothing scrolls sideways. */
export const Mobile = meta.story({
  name: "Mobile (narrow)",
  tags: ["narrow"],
  globals: { viewport: { value: "mobile1", isRotated: false } },
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(innerWidth);
  },
});

/**
 * German on a phone: the longer labels (the waitlist button, "Nur noch 3") move the control
 * below the tier's text instead of squeezing it; prices stay on one line.
 */
export const GermanMobile = meta.story({
  name: "German, mobile (narrow)",
  tags: ["narrow"],
  args: { locale: "de" },
  globals: { viewport: { value: "mobile1", isRotated: false } },
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    const screen = shadowScreen(widget);
    await expect(
      await screen.findByRole("button", { name: "Auf die Warteliste: Student" }),
    ).toBeVisible();
    await expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(innerWidth);
  },
});

/** `show-remaining`: every tier says how many seats are left, not only the limited ones. */
export const ShowRemaining = meta.story({
  args: { "show-remaining": true },
  async play({ canvasElement }) {
    const widget = widgetIn(canvasElement);
    await waitForState(widget, "ready");
    await expect(widgetText(widget)).toContain("120 left");
  },
});
