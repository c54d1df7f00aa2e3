import {
  defineAdmitElements,
  intentContext,
  Localizer,
  localeContext,
  stateContext,
  type WidgetIntent,
  type WidgetState,
} from "@admit/widget";
import { ContextProvider } from "@lit/context";
import { settle } from "./widget.js";

// A part is rendered alone, without the screen loader of <admit-tickets>: register them all.
defineAdmitElements();

/**
 * Renders one inner part of the widget with a given state, the way `<admit-tickets>` provides it
 * (through context), and records the intents it sends.
 */
export async function renderPart(
  tag: string,
  state: WidgetState,
  props: Record<string, unknown> = {},
) {
  const host = document.createElement("div");
  const sent: WidgetIntent[] = [];
  const states = new ContextProvider(host, { context: stateContext, initialValue: state });
  new ContextProvider(host, { context: localeContext, initialValue: new Localizer("en-US") });
  new ContextProvider(host, {
    context: intentContext,
    initialValue: (i: WidgetIntent) => sent.push(i),
  });
  const part = Object.assign(document.createElement(tag), props);
  host.append(part);
  document.body.append(host);
  await settle(host);
  return {
    part,
    sent,
    async setState(next: WidgetState) {
      states.setValue(next);
      await settle(host);
    },
    remove: () => host.remove(),
  };
}
