/**
 * The page side of `render.bench.ts`, bundled with esbuild and run in Chromium: renders the
 * tiers of one event with the widget's own `<admit-tier-list>` (context, its rows, the stepper) and with a bare Lit element writing the same markup in one template, and times
 * both from data to the finished DOM.
 */
import type { Event, Tier } from "@admit/client/contract";
import {
  defineAdmitElements,
  intentContext,
  Localizer,
  localeContext,
  stateContext,
  type WidgetState,
} from "@admit/widget";
import { ContextProvider } from "@lit/context";
import { css, html, LitElement, nothing } from "lit";
import { tierListStyles } from "../../packages/widget/src/components/tier-list/tier-list.styles.js";
import { tierRowStyles } from "../../packages/widget/src/components/tier-row/tier-row.styles.js";
import { baseStyles } from "../../packages/widget/src/styles/base.styles.js";

defineAdmitElements();

/** 20 tiers of every kind the widget shows. */
export function benchEvent(count = 20): Event {
  const kinds: Tier["availability"][] = ["available", "limited", "sold_out", "available"];
  const tiers = Array.from({ length: count }, (_, i): Tier => {
    const availability = kinds[i % kinds.length]!;
    return {
      id: `tier-${i}`,
      name: `Tier number ${i + 1}`,
      description: i % 2 ? "Front rows, a drink and the programme booklet" : undefined,
      price: { amount: 2500 + i * 500, currency: "EUR" },
      availability,
      remaining: availability === "limited" ? 3 : availability === "sold_out" ? 0 : 120,
      minPerOrder: 1,
      maxPerOrder: 8,
      waitlist: availability === "sold_out",
    } as Tier;
  });
  return {
    id: "bench",
    name: "Benchmark night",
    startsAt: "2027-05-21T18:00:00Z",
    currency: "EUR",
    tiers,
  } as unknown as Event;
}

const l = new Localizer("en-US");

/**
 * The same markup as `<admit-tier-list>` with its rows (parts and ids included: the same DOM),
 * in one element and one template, without context, events or per-tier rules.
 */
class BareTiers extends LitElement {
  static override styles = [baseStyles, tierRowStyles, tierListStyles, css``];
  static override properties = { event: { attribute: false } };
  declare event?: Event;

  override render() {
    const event = this.event;
    if (!event) return nothing;
    return html`${event.tiers.map((tier) => {
      const buyable = tier.availability === "available" || tier.availability === "limited";
      const control = buyable
        ? html`<div class="stepper" role="group" aria-label=${tier.name}>
              <button part="decrease-button" type="button" aria-label=${l.m.fewer(tier.name)} disabled>−</button>
              <input part="quantity" type="number" inputmode="numeric" min="0" max=${Math.min(tier.maxPerOrder, tier.remaining ?? tier.maxPerOrder)} .value=${"0"}
                aria-label=${l.m.quantity(tier.name)} aria-invalid="false" />
              <button part="increase-button" type="button" aria-label=${l.m.more(tier.name)}>+</button>
            </div>
            <p id=${`range-${tier.id}`} class="range problem" role="status" hidden></p>`
        : html`<button part="waitlist-button" aria-label=${`${l.m.waitlistJoin}: ${tier.name}`}>${l.m.waitlistJoin}</button>`;
      return html`<div part="tier" class="tier">
        <div class="info">
          <div class="head">
            <span class="name">${tier.name}</span>
            <span part="price" class="price">${l.money(tier.price)}</span>
          </div>
          ${tier.description ? html`<div class="muted">${tier.description}</div>` : nothing}
          <span part="availability" class="availability muted ${tier.availability}">${
            tier.availability === "limited"
              ? l.m.limited(tier.remaining ?? 0)
              : tier.availability === "sold_out"
                ? l.m.soldOut
                : l.m.available
          }</span>
        </div>
        <div class="control">${control}</div>
      </div>`;
    })}
      <p part="total" class="total"><span>${l.m.total}</span><span>${l.money({ amount: 0, currency: event.currency })}</span></p>
      <div class="actions">
        <button part="reserve-button" class="primary" aria-describedby="hint" disabled>${l.m.reserve}</button>
        <span id="hint" class="muted">${l.m.chooseTickets}</span>
      </div>`;
  }
}
customElements.define("bare-tiers", BareTiers);

/** Waits for `root` and every Lit element below it, through shadow roots, to finish updating. */
async function settled(root: Element): Promise<void> {
  for (;;) {
    const pending: Promise<unknown>[] = [];
    const visit = (el: Element) => {
      const update = (el as Partial<LitElement>).updateComplete;
      if (update && (el as unknown as { isUpdatePending: boolean }).isUpdatePending)
        pending.push(update);
      for (const child of el.shadowRoot?.querySelectorAll("*") ?? []) visit(child);
      for (const child of el.children) visit(child);
    };
    visit(root);
    if (!pending.length) return;
    await Promise.all(pending);
  }
}

/** Throws unless `root` shows one `.tier` row per tier (through shadow roots): a run that rendered less would look fast. */
function expectRows(root: Element, event: Event): void {
  const rows = (el: Element | ShadowRoot): number =>
    [...el.querySelectorAll("*")].reduce(
      (n, child) =>
        n +
        (child.classList.contains("tier") ? 1 : 0) +
        (child.shadowRoot ? rows(child.shadowRoot) : 0),
      0,
    );
  const found = rows(root) + (root.shadowRoot ? rows(root.shadowRoot) : 0);
  if (found !== event.tiers.length)
    throw new Error(`rendered ${found} of ${event.tiers.length} tiers`);
}

/** Milliseconds from data to the rendered tiers, with the widget's parts. */
async function widgetRun(event: Event): Promise<number> {
  const host = document.createElement("div");
  const start = performance.now();
  new ContextProvider(host, {
    context: stateContext,
    initialValue: { name: "ready", event, quantities: {} } as WidgetState,
  });
  new ContextProvider(host, { context: localeContext, initialValue: l });
  new ContextProvider(host, { context: intentContext, initialValue: () => undefined });
  host.append(document.createElement("admit-tier-list"));
  document.body.append(host);
  await settled(host);
  host.getBoundingClientRect(); // layout included, as a buyer sees it
  const ms = performance.now() - start;
  expectRows(host, event);
  host.remove();
  return ms;
}

/** Milliseconds from data to the rendered tiers, with one bare Lit element. */
async function bareRun(event: Event): Promise<number> {
  const start = performance.now();
  const el = document.createElement("bare-tiers") as BareTiers;
  el.event = event;
  document.body.append(el);
  await settled(el); // waited for as the widget is, so both pay the same walk
  el.getBoundingClientRect();
  const ms = performance.now() - start;
  expectRows(el, event);
  el.remove();
  return ms;
}

/** Runs both, interleaved, `rounds` times after `warmup` rounds; the times of each in ms. */
async function runBench(rounds: number, warmup: number) {
  const widget: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const event = benchEvent(); // fresh data each time, as from the server
    // Alternating which goes first, so neither always runs on a warmer engine.
    let w: number;
    let b: number;
    if (i % 2) {
      b = await bareRun(event);
      w = await widgetRun(event);
    } else {
      w = await widgetRun(event);
      b = await bareRun(event);
    }
    if (i >= warmup) {
      widget.push(w);
      bare.push(b);
    }
  }
  return { widget, bare };
}

Object.assign(window, { runBench });
