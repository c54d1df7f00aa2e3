import type { AdmitTickets, WidgetStateName } from "@admit/widget";
import { emulateMedia, sendKeys } from "@web/test-runner-commands";
import type { AxeResults } from "axe-core";
import { expect } from "chai";
import type { MockApiOptions } from "../mocks/mock-api.js";
import { pay, payAndLeave, reserve, samePagePayment } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import { byRole, cleanUp, deepAll, inState, mount, type, until } from "./helpers/widget.js";

declare global {
  interface Window {
    axe?: { run(context: Element, options: object): Promise<AxeResults> };
  }
}

async function axe(el: Element) {
  if (!window.axe) {
    const script = document.createElement("script");
    script.src = "/node_modules/axe-core/axe.min.js";
    document.head.append(script);
    await new Promise((resolve) => script.addEventListener("load", resolve));
  }
  // WCAG 2.2 A and AA, what the design promises; axe looks into shadow roots by default.
  const results = await window.axe!.run(el, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
  });
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** How to bring a fresh widget into each state. */
const scenarios: [WidgetStateName, MockApiOptions, (el: AdmitTickets) => Promise<void>][] = [
  ["loading", { latencyMs: 8000 }, async () => {}],
  ["error", { problems: { getEvent: "not_found" } }, async () => {}],
  ["ready", {}, async () => {}],
  ["held", {}, (el) => reserve(el)],
  [
    "holding",
    { routeLatencyMs: { createHold: 5000 } },
    async (el) => {
      await inState(el, "ready");
      type(byRole(el, "spinbutton", /Standard/), "2");
      await inState(el, "ready");
      byRole(el, "button", "Reserve").click();
    },
  ],
  ["hold-expired", { holdTtlMs: 300 }, (el) => reserve(el)],
  [
    "checking-out",
    { routeLatencyMs: { checkout: 5000 } },
    async (el) => {
      await reserve(el);
      await pay(el);
    },
  ],
  [
    "redirecting",
    { paymentUrl: samePagePayment },
    async (el) => {
      await reserve(el);
      payAndLeave(el);
    },
  ],
  [
    "confirming",
    { orderStatuses: ["pending_payment"] },
    async (el) => {
      await reserve(el);
      await pay(el);
    },
  ],
  ...(["paid", "failed", "expired", "cancelled", "manual-review"] as const).map(
    (name) =>
      [
        name,
        { orderStatuses: ["pending_payment", name === "manual-review" ? "manual_review" : name] },
        async (el: AdmitTickets) => {
          await reserve(el);
          await pay(el);
        },
      ] as [WidgetStateName, MockApiOptions, (el: AdmitTickets) => Promise<void>],
  ),
  [
    "waitlist-joined",
    {},
    async (el) => {
      await inState(el, "ready");
      byRole(el, "button", "Join the waitlist: Student").click();
      await inState(el, "ready");
      type(byRole(el, "textbox", "Email"), "grace@example.com");
      byRole(el, "button", "Join the waitlist").click();
    },
  ],
];

describe("accessibility", () => {
  afterEach(async () => {
    cleanUp();
    await emulateMedia({ colorScheme: "light" });
    // The redirecting scenario's payment page is a fragment of this page.
    history.replaceState(null, "", location.pathname + location.search);
  });

  for (const [name, options, reach] of scenarios) {
    it(`axe finds no WCAG 2.2 AA violation in ${name}`, async () => {
      await useMockApi(options);
      const el = mount();
      await reach(el);
      await inState(el, name);
      expect(await axe(el)).to.deep.equal([]);
      expect(el.state.name, "still in the state axe looked at").to.equal(name);
    });

    it(`axe finds no WCAG 2.2 AA violation in ${name} with a dark color scheme`, async () => {
      await emulateMedia({ colorScheme: "dark" });
      expect(matchMedia("(prefers-color-scheme: dark)").matches).to.equal(true);
      await useMockApi(options);
      const el = mount();
      await reach(el);
      await inState(el, name);
      const base = el.shadowRoot!.querySelector("[part=base]")!;
      expect(getComputedStyle(base).backgroundColor, "the dark surface").to.equal(
        "rgb(28, 28, 30)",
      );
      expect(await axe(el)).to.deep.equal([]);
      expect(el.state.name, "still in the state axe looked at").to.equal(name);
    });
  }

  it("two widgets holding seats on one page name no landmark twice (tiers attribute)", async () => {
    await useMockApi();
    const a = mount({ tiers: "standard" });
    const b = mount({ tiers: "vip" });
    await reserve(a, "Standard", 1);
    await reserve(b, "VIP", 1);
    const landmarks = async () => {
      const results = await window.axe!.run(document.body, {
        runOnly: { type: "rule", values: ["landmark-unique", "duplicate-id-aria"] },
      });
      return results.violations.map((v) => v.id);
    };
    expect(await axe(a)).to.deep.equal([]);
    expect(await landmarks()).to.deep.equal([]);
    // Control: a region landmark with the same name in each widget is what axe reports.
    for (const el of [a, b]) {
      const summary = deepAll(el, "[part=summary]")[0]!;
      summary.setAttribute("role", "region");
    }
    expect(await landmarks()).to.deep.equal(["landmark-unique"]);
  });

  it("axe finds no violation with the waitlist form open, and catches a broken label (control)", async () => {
    await useMockApi();
    const el = mount();
    await inState(el, "ready");
    byRole(el, "button", "Join the waitlist: Student").click();
    await inState(el, "ready");
    expect(await axe(el)).to.deep.equal([]);
    const form = el.shadowRoot!.querySelector("admit-waitlist-form")!.shadowRoot!;
    form.querySelector('label[for="email"]')!.remove();
    expect((await axe(el)).join()).to.contain("label");
  });

  it("a buyer can purchase with the keyboard alone", async () => {
    await useMockApi();
    const el = mount();
    await inState(el, "ready");
    // Standard's "−" is disabled at 0, so the first Tab lands on its field; its "+" adds one.
    await sendKeys({ press: "Tab" });
    await sendKeys({ press: "ArrowUp" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ press: "Enter" });
    await until(
      () => el.state.name === "ready" && el.state.quantities.standard === 2,
      "2 standard",
    );
    await inState(el, "ready");
    // Standard's "+" → VIP's field → VIP's "+" → Student's waitlist → Reserve.
    for (let i = 0; i < 4; i++) await sendKeys({ press: "Tab" });
    await sendKeys({ press: "Enter" });
    await inState(el, "held");
    el.addEventListener("admit-checkout", (e) => e.preventDefault(), { once: true });
    // The Reserve button is gone; focus moved to the new screen's first field, Name.
    await sendKeys({ type: "Ada Lovelace" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ type: "ada@example.com" });
    await sendKeys({ press: "Enter" });
    await inState(el, "paid");
  });

  describe("reduced motion", () => {
    afterEach(() => emulateMedia({ reducedMotion: "no-preference" }));

    /** The loading spinner's animation and the confirming progress bar's appearance. */
    async function motion() {
      await useMockApi({ latencyMs: 1000, orderStatuses: ["pending_payment"] });
      const loading = mount();
      const spinner = await until(() => deepAll(loading, ".spinner")[0], "the loading spinner");
      const spins = getComputedStyle(spinner).animationName;
      const el = mount();
      await reserve(el);
      await pay(el);
      await inState(el, "confirming");
      const bar = deepAll(el, "progress")[0]!;
      return { spins, bar: getComputedStyle(bar).appearance };
    }

    it("nothing moves when the buyer asks for reduced motion: no spinning, a still progress bar", async () => {
      await emulateMedia({ reducedMotion: "reduce" });
      expect(await motion()).to.deep.equal({ spins: "none", bar: "none" });
    });

    it("control: without the preference the spinner spins and the bar is the native moving one", async () => {
      expect(await motion()).to.deep.equal({ spins: "spin", bar: "auto" });
    });
  });
});
