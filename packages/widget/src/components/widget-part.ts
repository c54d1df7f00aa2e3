import { ContextConsumer } from "@lit/context";
import { html, LitElement, nothing, type TemplateResult } from "lit";
import { intentContext, localeContext, stateContext } from "../context/widget-context.js";
import type { Localizer } from "../locales/localizer.js";
import type { WidgetIntent, WidgetProblemCode, WidgetState } from "../state/widget-state.js";

/** Every part of the inner elements (each documents its own with `@csspart`). */
const INNER_PARTS =
  "tier,price,availability,quantity,decrease-button,increase-button,waitlist-button,total,problem,reserve-button,form,join-button,pay-button,countdown,release-button,message,progress,tickets,payment-link,retry-button,start-over-button,price-note,promo-input,apply-button,discount,tax,fees";

/**
 * Base of the widget's inner parts: reads the state and locale from `<admit-tickets>` through
 * context (re-rendering when they change) and sends intents back; never changes state itself.
 */
export class WidgetPart extends LitElement {
  override connectedCallback(): void {
    super.connectedCallback();
    // Forward every inner part, through each level, so `admit-tickets::part(pay-button)` works.
    this.setAttribute("exportparts", INNER_PARTS);
  }

  private readonly stateC = new ContextConsumer(this, { context: stateContext, subscribe: true });
  private readonly localeC = new ContextConsumer(this, { context: localeContext, subscribe: true });
  private readonly intentC = new ContextConsumer(this, { context: intentContext });

  /** The widget's current state, once connected inside `<admit-tickets>`. */
  protected get state(): WidgetState | undefined {
    return this.stateC.value;
  }

  /** The widget's locale. */
  protected get l(): Localizer | undefined {
    return this.localeC.value;
  }

  /** Sends a buyer's intent to the state machine. */
  protected send(intent: WidgetIntent): void {
    this.intentC.value?.(intent);
  }
}

/**
 * Why the buyer's last step failed and what to do, in words. Focusable, so focus can land on
 * it when the failure leaves the buyer on the same screen (see `ScreenFocus`).
 */
export function problemMessage(
  l: Localizer,
  problem: WidgetProblemCode | undefined,
): TemplateResult | typeof nothing {
  return problem
    ? html`<p part="problem" class="problem" tabindex="-1">${l.problem(problem)}</p>`
    : nothing;
}
