import { html } from "lit";
import { ifDefined } from "lit/directives/if-defined.js";
import { MOCK_API } from "../../../test/mocks/fixtures.js";
import { firstVisit } from "./mock-scenario.js";
import "@admit/widget/define";

/**
 * The public attributes of `<admit-tickets>`, as Storybook args (named like the attributes).
 * A type alias, not an interface: Storybook checks args against an index signature.
 */
export type WidgetArgs = {
  event: string;
  api: string;
  locale?: string;
  "return-url"?: string;
  checkout?: "redirect" | "popup";
  "show-remaining"?: boolean;
};

/** Defaults of every story: the gala event of the shared fixtures, served by msw. */
export const WIDGET_ARGS: WidgetArgs = {
  event: "spring-gala",
  api: MOCK_API,
  checkout: "redirect",
  "show-remaining": false,
};

/** Controls for the attributes; descriptions come from the Custom Elements Manifest. */
export const WIDGET_ARG_TYPES = {
  event: { control: "text" },
  api: { control: "text" },
  locale: { control: "select", options: [undefined, "en", "de", "en-GB", "de-AT"] },
  "return-url": { control: "text" },
  checkout: { control: "inline-radio", options: ["redirect", "popup"] },
  "show-remaining": { control: "boolean" },
  // Properties mirroring the attributes above, and the read-only state: documented, not controls.
  returnUrl: { control: false },
  showRemaining: { control: false },
  state: { control: false },
} as const;

/**
 * Renders the element exactly as a host page would write it: attributes only, no properties,
 * no internal state.
 * @example render: renderWidget
 */
export function renderWidget(args: WidgetArgs) {
  return html`<admit-tickets
    event=${args.event}
    api=${args.api}
    locale=${ifDefined(args.locale || undefined)}
    return-url=${ifDefined(args["return-url"] || undefined)}
    checkout=${ifDefined(args.checkout)}
    ?show-remaining=${args["show-remaining"]}
  ></admit-tickets>`;
}

/**
 * What the meta of every `<admit-tickets>` story file shares (all but its title): the element,
 * its args and controls, rendered as a host page writes it, and a first visit before each story.
 * A file overrides a field by naming it after the spread.
 * @example preview.type<{ args: WidgetArgs }>().meta({ title: "admit-tickets/Paying", ...WIDGET_META })
 */
export const WIDGET_META = {
  component: "admit-tickets",
  args: WIDGET_ARGS,
  argTypes: WIDGET_ARG_TYPES,
  render: renderWidget,
  beforeEach: firstVisit,
};
