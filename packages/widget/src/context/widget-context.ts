import type { AdmitClient } from "@admit/client";
import { createContext } from "@lit/context";
import type { Localizer } from "../locales/localizer.js";
import type { WidgetIntent, WidgetState } from "../state/widget-state.js";

/** The current state of the widget's state machine; components render from it. */
export const stateContext = createContext<WidgetState>(Symbol("admit-state"));

/** Sends a buyer's intent to the state machine. */
export type SendIntent = (intent: WidgetIntent) => void;

/** How components send intents; they never change state themselves. */
export const intentContext = createContext<SendIntent>(Symbol("admit-intent"));

/** Messages and `Intl` formatting for the widget's locale. */
export const localeContext = createContext<Localizer>(Symbol("admit-locale"));

/** The API client of this widget (its `api` attribute), for components that read extra data. */
export const clientContext = createContext<AdmitClient>(Symbol("admit-client"));
