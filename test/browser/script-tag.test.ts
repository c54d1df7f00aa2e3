import type { AdmitTickets } from "@admit/widget";
import { expect } from "chai";
import { deepAll, expectPolicyEnforced, until } from "./helpers/widget.js";

type PageWindow = Window & { violations?: string[]; errors?: string[] };

describe("the script-tag bundle", () => {
  it("dist/cdn/admit.js from one module script tag renders the widget to ready under a CSP of script-src 'self', without a violation", async () => {
    const frame = document.createElement("iframe");
    frame.src = new URL("./pages/script-tag.html", import.meta.url).href;
    document.body.append(frame);
    try {
      const win = await until(() => frame.contentWindow as PageWindow | null, "frame");
      await until(() => win.violations && win.customElements.get("admit-tickets"), "the bundle");
      const widget = win.document.querySelector("admit-tickets") as AdmitTickets;
      await until(() => widget.state?.name === "ready" || win.errors!.length, "ready", 8000);
      expect(win.errors).to.deep.equal([]);
      expect(widget.state.name).to.equal("ready");
      expect(
        deepAll(widget.shadowRoot!, "button").some((b) => b.textContent!.trim() === "Reserve"),
      ).to.equal(true);
      // The element came from the built file, not from the widget's source modules.
      const loaded = win.performance.getEntriesByType("resource").map((e) => e.name);
      expect(loaded.some((url) => url.endsWith("/packages/widget/dist/cdn/admit.js"))).to.equal(
        true,
      );
      expect(loaded.some((url) => url.includes("/packages/widget/src/"))).to.equal(false);
      expect(win.violations).to.deep.equal([]);
      // Control: the policy is in force and violations are recorded.
      await expectPolicyEnforced(win);
    } finally {
      frame.remove();
    }
  });

  it("a problem the first screen shows before the later English arrived is said in words: its chunk loads for it", async () => {
    const frame = document.createElement("iframe");
    frame.src = new URL("./pages/script-tag.html?event=nowhere", import.meta.url).href;
    document.body.append(frame);
    try {
      const win = await until(() => frame.contentWindow as PageWindow | null, "frame");
      await until(() => win.customElements?.get("admit-tickets"), "the bundle");
      const widget = win.document.querySelector("admit-tickets") as AdmitTickets;
      await until(() => widget.state?.name === "error", "error", 8000);
      const message = () => deepAll(widget.shadowRoot!, "[part=problem]")[0]?.textContent ?? "";
      await until(() => /could not be found/.test(message()), "the not_found message");
      const announcer = deepAll(widget.shadowRoot!, "[part=announcer]")[0]!;
      await until(() => /could not be found/.test(announcer.textContent!), "announced");
      const loaded = win.performance.getEntriesByType("resource").map((e) => e.name);
      // Loaded for the message, not by the later screens' prefetch (the event never got ready).
      expect(loaded.some((url) => /\/chunks\/en-later-[\w-]+\.js$/.test(url))).to.equal(true);
      expect(loaded.some((url) => /\/chunks\/held-screen-/.test(url))).to.equal(false);
      expect(win.errors).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
