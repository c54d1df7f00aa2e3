import { expect } from "chai";
import { useMockApi } from "../../../../../test/browser/helpers/mock-worker.js";
import {
  byRole,
  cleanUp,
  deepAll,
  inState,
  mount,
} from "../../../../../test/browser/helpers/widget.js";

describe("admit-tickets", () => {
  afterEach(cleanUp);

  it("speaks German when the locale attribute says de, with German number formats", async () => {
    await useMockApi();
    const el = mount({ locale: "de-DE" });
    await inState(el, "ready");
    await new Promise((r) => setTimeout(r, 50));
    await inState(el, "ready");
    expect(byRole(el, "button", "Reservieren")).to.exist;
    expect(deepAll(el, "admit-tier-row")[0]!.shadowRoot!.textContent).to.contain("45,00\u00a0€");
  });

  it("takes the locale from the page's lang when there is no attribute", async () => {
    await useMockApi();
    document.documentElement.lang = "de";
    try {
      const el = mount();
      await inState(el, "ready");
      await new Promise((r) => setTimeout(r, 50));
      await inState(el, "ready");
      expect(byRole(el, "button", "Reservieren")).to.exist;
    } finally {
      document.documentElement.lang = "";
    }
  });

  it("exposes its state as a CSS custom state for styling", async () => {
    await useMockApi();
    const el = mount();
    await inState(el, "ready");
    expect(el.matches(":state(ready)")).to.equal(true);
    expect(el.matches(":state(loading)")).to.equal(false);
  });
});
