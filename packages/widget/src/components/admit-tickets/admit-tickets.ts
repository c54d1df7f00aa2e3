import { type AdmitClient, createAdmitClient } from "@admit/client";
import { ContextProvider } from "@lit/context";
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import {
  clientContext,
  intentContext,
  localeContext,
  type SendIntent,
  stateContext,
} from "../../context/widget-context.js";
import type { AdmitOrderEvent } from "../../events/order-events.js";
import { loadLaterEnglish } from "../../locales/en.js";
import { Localizer, resolveLocale } from "../../locales/localizer.js";
import { loadScreen, prefetchScreens, screenOf } from "../../screens/screen-loader.js";
import { WidgetController } from "../../state/widget-controller.js";
import type { WidgetProblemCode, WidgetState } from "../../state/widget-state.js";
import { SessionStore } from "../../store/session-store.js";
import { baseStyles } from "../../styles/base.styles.js";
import { admitTicketsStyles } from "./admit-tickets.styles.js";
import { type Place, ScreenFocus } from "./screen-focus.js";

/** The query parameter the server's return route adds: the order id, never its token. */
export const RETURN_PARAM = "admit_order";

/** The current page without the return parameter and fragment. */
function currentPage(): string {
  const url = new URL(location.href);
  url.searchParams.delete(RETURN_PARAM);
  url.hash = "";
  return url.href;
}

/** The problem a state shows: why the buyer's last step failed. */
function problemIn(s: WidgetState): WidgetProblemCode | undefined {
  if (s.name === "ready") return s.problem ?? s.waitlist?.problem;
  return "problem" in s ? s.problem : undefined;
}

/** The screen a state shows and the problem beside a control; focus moves when either appears. */
function placeOf(s: WidgetState): Place {
  if (s.name === "holding") return { screen: "ready" };
  if (s.name === "checking-out") return { screen: s.held ? "held" : "confirming" };
  if (s.name === "redirecting") return { screen: "confirming" };
  return {
    screen: s.name,
    problem: s.name === "ready" || s.name === "held" ? problemIn(s) : undefined,
  };
}

/**
 * What the live region says when the state changes to a state of the first screen; a later
 * screen's chunk says it for its states (`ScreenModule.announcement`).
 */
function firstAnnouncement(s: WidgetState, l: Localizer): string {
  const problem = problemIn(s);
  if (problem) return l.problem(problem);
  return s.name === "hold-expired" ? l.m.holdExpired : "";
}

/**
 * `<admit-tickets>`: sells the tickets of one event from the host's own page. Loads the
 * event, holds seats, collects the buyer's details, sends the buyer to the payment page and
 * confirms the order with the server when they come back. Resumes after a reload.
 *
 * States (also as CSS custom states, e.g. `admit-tickets:state(paid)`): `loading`, `error`,
 * `ready`, `holding`, `held`, `hold-expired`, `checking-out`, `redirecting`, `confirming`,
 * `paid`, `failed`, `expired`, `cancelled`, `manual-review`, `waitlist-joined`.
 *
 * @example
 * <script type="module" src="https://cdn.example.com/admit/admit.js"></script>
 * <admit-tickets event="spring-gala" api="https://tickets.example.com/admit"></admit-tickets>
 *
 * A `promo-code` attribute names a promo code to apply at once when the event has codes
 * (campaign links); a `?promo=` parameter in the page's URL does the same. The promo field's
 * chunk reads it, so the first script carries no property for it.
 *
 * @event {AdmitReadyEvent} admit-ready - the event loaded; `detail.event`.
 * @event {AdmitHoldEvent} admit-hold - seats were held; `detail: { holdId, items, total, expiresAt }`.
 * @event {AdmitHoldExpiredEvent} admit-hold-expired - the hold ran out; `detail.holdId`.
 * @event {AdmitCheckoutEvent} admit-checkout - cancelable: about to leave for the payment page; `detail: { orderId, paymentUrl, mode }`. `preventDefault()` to open `paymentUrl` yourself; the widget then polls.
 * @event {AdmitOrderEvent} admit-order - the server reported a new order status; `detail: { orderId, status }`.
 * @event {AdmitErrorEvent} admit-error - a call failed; `detail: { code, operation }`.
 *
 * @attr {string} tiers - Comma-separated tier ids this widget sells (`standard,student`); the event's other tiers are hidden. Read when the widget starts. Default: every tier.
 * @attr {string} buyer-name - Prefills the buyer's name (a logged-in visitor); property `buyerName`. Read by the buyer form.
 * @attr {string} buyer-email - Prefills the buyer's email; property `buyerEmail`.
 * @attr {boolean} prefill-fixed - The prefilled values cannot be changed by the buyer; property `prefillFixed`.
 * @prop {Record<string, string | number | boolean | string[]>} answers - Prefills answers to the event's questions, by question id (also `data-question-<id>` attributes).
 *
 * @csspart base - The widget's box.
 * @csspart title - The event name.
 * @csspart details - Date and venue.
 * @csspart message - A state message (loading, hold expired, waitlist joined).
 * @csspart problem - The error message in the `error` state.
 * @csspart retry-button - "Try again" in the `error` state.
 * @csspart announcer - The polite live region (visually hidden).
 *
 * @cssprop --admit-accent - Primary buttons, focus ring, links. Default `#2f4fd0` (dark: `#9db0ff`).
 * @cssprop --admit-accent-text - Text on the accent color.
 * @cssprop --admit-radius - Corner radius. Default `8px`.
 * @cssprop --admit-font - Font family. Default: inherited from the page.
 * @cssprop --admit-text - Text color.
 * @cssprop --admit-muted - Secondary text color.
 * @cssprop --admit-surface - Background.
 * @cssprop --admit-subtle - Background of the countdown.
 * @cssprop --admit-border - Borders and dividers.
 * @cssprop --admit-danger - Error text and "only N left".
 * @cssprop --admit-focus - Focus ring.
 * @cssprop --admit-link - Link color.
 *
 * @tagname admit-tickets
 */
export class AdmitTickets extends LitElement {
  /** The shadow root's stylesheets: the shared base, then this element's own. */
  static override styles = [baseStyles, admitTicketsStyles];

  static override properties = {
    event: {},
    api: {},
    locale: {},
    returnUrl: { attribute: "return-url" },
    checkout: {},
    showRemaining: { type: Boolean, attribute: "show-remaining" },
  };

  /** The event id (required). */
  declare event: string;
  /** Where the host mounted the Admit server kit, e.g. `https://tickets.example.com/admit` (required). */
  declare api: string;
  /** Language of messages and formats. @default the page's `lang`, then the browser's language */
  declare locale?: string;
  /** Where the payment page sends the buyer back. @default the current page */
  declare returnUrl?: string;
  /** `redirect` leaves the page for payment; `popup` opens it in a window and waits (also used when storage is blocked). @default "redirect" */
  declare checkout: "redirect" | "popup";
  /** Show the number of seats left on every tier, not only when few remain. */
  declare showRemaining: boolean;
  /** Prefills the buyer's name (wins over `buyer-name`); read by the buyer form, in its chunk. */
  declare buyerName?: string;
  /** Prefills the buyer's email (wins over `buyer-email`). */
  declare buyerEmail?: string;
  /** Prefills answers to the event's questions by id (wins over `data-question-<id>`). */
  declare answers?: Record<string, string | number | boolean | string[]>;
  /** The prefilled values cannot be changed by the buyer (wins over `prefill-fixed`). */
  declare prefillFixed?: boolean;

  private announced = "";
  private reported = "";
  private controller?: WidgetController;
  private wantedLocale = "en";
  private readonly internals = this.attachInternals();
  private readonly states = new ContextProvider(this, {
    context: stateContext,
    initialValue: { name: "loading" } as WidgetState,
  });
  private readonly locales = new ContextProvider(this, {
    context: localeContext,
    initialValue: new Localizer("en"),
  });
  private readonly clients = new ContextProvider(this, { context: clientContext });

  private readonly send: SendIntent = (intent) => this.controller?.send(intent);

  constructor() {
    super();
    this.event = "";
    this.api = "";
    this.checkout = "redirect";
    this.showRemaining = false;
    new ContextProvider(this, { context: intentContext, initialValue: this.send });
    new ScreenFocus(this, () => placeOf(this.state));
  }

  /** The current state of the widget (read-only). */
  get state(): WidgetState {
    return this.states.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const url = new URL(location.href);
    if (url.searchParams.has(RETURN_PARAM)) {
      // Read by every widget that connects in this task, then removed so a reload or a
      // shared link does not carry it. Only the id travels in the URL; the token never does.
      queueMicrotask(() => {
        url.searchParams.delete(RETURN_PARAM);
        history.replaceState(history.state, "", url.href);
      });
    }
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.stop();
    this.controller = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const tag = resolveLocale([this.locale, document.documentElement.lang, ...navigator.languages]);
    if (tag !== this.wantedLocale) {
      this.wantedLocale = tag;
      void Localizer.load(tag).then((l) => {
        // A later locale change wins over a slow catalogue.
        if (this.wantedLocale !== tag) return;
        this.locales.setValue(l);
        this.changed(this.state);
      });
    }
    const restart = (["event", "api", "checkout", "returnUrl"] as const).some((p) =>
      changed.has(p),
    );
    if (this.isConnected && this.event && this.api && (restart || !this.controller)) this.start();
  }

  private start(): void {
    this.controller?.stop();
    let client: AdmitClient;
    try {
      client = createAdmitClient({ baseUrl: this.api });
    } catch (error) {
      console.error(error);
      this.changed({ name: "error", problem: "unknown" });
      return;
    }
    this.clients.setValue(client);
    const store = new SessionStore(this.api, this.event, this.position());
    const controller = new WidgetController({
      client,
      eventId: this.event,
      store,
      returnUrl: this.returnUrl || currentPage(),
      // Without storage a redirect would lose the order's token, so the payment page opens
      // in a window and this page, with the session in memory, stays.
      checkout: this.checkout === "popup" || !store.durable ? "popup" : "redirect",
      tiers: this.getAttribute("tiers"),
      host: {
        emit: (e) => {
          // Once per status per element, even across remove and re-add (a new controller).
          // By type, not class: the order events come from the order flow's chunk.
          if (e.type === "admit-order") {
            const { detail } = e as AdmitOrderEvent;
            const seen = `${detail.orderId}:${detail.status}`;
            if (seen === this.reported) return true;
            this.reported = seen;
          }
          return this.dispatchEvent(e);
        },
        changed: (s) => this.changed(s),
        navigate: (url) => location.assign(url),
        openPopup: () => window.open("", "_blank", "popup,width=520,height=760"),
      },
    });
    this.controller = controller;
    this.changed(controller.state);
    controller.start();
  }

  /**
   * Which widget of this event and API this is on the page, so each keeps its own session (and
   * the buyer form its draft). @internal
   */
  position(): number {
    const root = this.getRootNode() as ParentNode;
    const same = [...root.querySelectorAll("admit-tickets")].filter(
      (w) => w.event === this.event && w.api === this.api,
    );
    return Math.max(0, same.indexOf(this));
  }

  private changed(s: WidgetState): void {
    if (s.name === "ready" && this.state.name !== "ready") {
      prefetchScreens(s, () => this.controller?.prefetch());
    }
    this.states.setValue(s);
    // CustomStateSet arrived after attachInternals (Safari 17.4, Firefox 126): style hooks only.
    const states = this.internals.states as CustomStateSet | undefined;
    states?.clear();
    states?.add(s.name);
    this.requestUpdate();
    // A later screen is announced by its chunk, once it has arrived (with its messages).
    const announce = (say: (s: WidgetState, l: Localizer) => string) => {
      if (this.state !== s) return;
      this.announced = say(s, this.locales.value);
      this.requestUpdate();
    };
    const problem = problemIn(s);
    const screen = problem ? undefined : screenOf(s);
    if (screen) loadScreen(screen).then((m) => announce(m.announcement), console.error);
    else if (problem && !Object.hasOwn(this.locales.value.m.problems, problem)) {
      // Its message is in the later English chunk, not loaded yet: the parts render it again
      // (a new localizer) once it has arrived. Offline, `unknown` says what can be said.
      const shown = () => {
        const l = this.locales.value;
        this.locales.setValue(new Localizer(l.tag, l.m));
        announce(firstAnnouncement);
      };
      loadLaterEnglish().then(shown, shown);
    } else announce(firstAnnouncement);
  }

  private body(s: WidgetState, l: Localizer) {
    const { m } = l;
    switch (s.name) {
      case "loading":
        return html`<p part="message"><span class="spinner" aria-hidden="true"></span>${m.loading}</p>`;
      case "error":
        return html`<p part="problem" class="problem" tabindex="-1" data-focus>${l.problem(s.problem)}</p>
          <button part="retry-button" class="primary" @click=${() => this.send({ type: "retry" })}>
            ${m.retry}
          </button>`;
      case "ready":
      case "holding":
        // The waitlist form only while open: its chunk loads for events with a waitlist only.
        // The promo field only when the event has codes: its chunk loads for those only.
        return html`${s.event.hasPromoCodes ? html`<admit-promo-field></admit-promo-field>` : nothing}
          <admit-tier-list ?showRemaining=${this.showRemaining}></admit-tier-list>
          ${s.name === "ready" && s.waitlist ? html`<admit-waitlist-form></admit-waitlist-form>` : nothing}`;
      case "held":
      case "checking-out":
        // One template for both, so the form (and what the buyer typed) outlives a failed Pay.
        return s.held
          ? html`<admit-hold-countdown></admit-hold-countdown><admit-buyer-form></admit-buyer-form>`
          : html`<admit-order-status></admit-order-status>`;
      case "hold-expired":
        // The tiers stay, with the quantities the hold had, to change and reserve again.
        return html`<p part="message" tabindex="-1" data-focus>${m.holdExpired}</p>
          <admit-tier-list ?showRemaining=${this.showRemaining}></admit-tier-list>`;
      case "waitlist-joined":
        return html`<admit-waitlist-form></admit-waitlist-form>`;
      default:
        return html`<admit-order-status></admit-order-status>`;
    }
  }

  override render(): TemplateResult {
    const s = this.state;
    const l = this.locales.value;
    const event = "event" in s ? s.event : undefined;
    return html`<div part="base" class="base" lang=${l.tag}>
      ${
        event
          ? html`<h2 part="title" tabindex="-1">${event.name}</h2>
            <p part="details" class="muted">
              ${l.dateTime(event.startsAt, event.timeZone)}${event.venue ? `, ${event.venue}` : ""}
            </p>`
          : nothing
      }
      ${this.body(s, l)}
      <div part="announcer" role="status" class="sr-only">${this.announced}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "admit-tickets": AdmitTickets;
  }
}
