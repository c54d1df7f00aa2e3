import { expect } from "chai";
import { useMockApi } from "../../../../../test/browser/helpers/mock-worker.js";
import {
  allByRole,
  byRole,
  cleanUp,
  deepAll,
  inState,
  mount,
  until,
} from "../../../../../test/browser/helpers/widget.js";

/**
 * Runs `body` as on a page without `lang` in a browser whose preferred languages are
 * `languages`; Chromium's own list cannot be changed from the page, so it is shadowed.
 */
async function inBrowserSpeaking(languages: readonly string[], body: () => Promise<void>) {
  const root = document.documentElement;
  const lang = root.getAttribute("lang");
  root.removeAttribute("lang");
  Object.defineProperty(navigator, "languages", { configurable: true, get: () => languages });
  try {
    await body();
  } finally {
    delete (navigator as { languages?: unknown }).languages;
    if (lang !== null) root.setAttribute("lang", lang);
  }
}

/** The language tag the widget renders in. */
function renderedLang(el: Element): string | null {
  return el.shadowRoot!.querySelector("[part=base]")!.getAttribute("lang");
}

describe("admit-tickets", () => {
  afterEach(cleanUp);

  it("speaks German when the locale attribute says de, with German number formats", async () => {
    await useMockApi();
    const el = mount({ locale: "de-DE" });
    await inState(el, "ready");
    await new Promise((r) => setTimeout(r, 50));
    await inState(el, "ready");
    expect(byRole(el, "button", "Reservieren")).to.exist;
    expect(deepAll(el, "admit-tier-list")[0]!.shadowRoot!.textContent).to.contain("45,00\u00a0€");
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

  it("without a locale attribute or page lang, follows the browser's first language, keeping its region for formats", async () => {
    await useMockApi();
    await inBrowserSpeaking(["de-AT", "en-US"], async () => {
      const el = mount();
      await inState(el, "ready");
      await until(() => allByRole(el, "button", "Reservieren").length === 1, "German messages");
      await inState(el, "ready");
      expect(renderedLang(el)).to.equal("de-AT");
      // Austrian German puts the euro sign first: "€ 45,00".
      expect(deepAll(el, "admit-tier-list")[0]!.shadowRoot!.textContent).to.contain("€\u00a045,00");
    });
  });

  it("skips browser languages without messages and takes the first one that has them", async () => {
    await useMockApi();
    await inBrowserSpeaking(["fr-FR", "de", "en"], async () => {
      const el = mount();
      await inState(el, "ready");
      await until(() => allByRole(el, "button", "Reservieren").length === 1, "German messages");
      expect(renderedLang(el)).to.equal("de");
    });
  });

  it("falls back to English, formats included, when no browser language has messages", async () => {
    await useMockApi();
    await inBrowserSpeaking(["fr-FR", "ja"], async () => {
      const el = mount();
      await inState(el, "ready");
      await new Promise((r) => setTimeout(r, 50));
      await inState(el, "ready");
      expect(byRole(el, "button", "Reserve")).to.exist;
      expect(renderedLang(el)).to.equal("en");
      expect(deepAll(el, "admit-tier-list")[0]!.shadowRoot!.textContent).to.contain("€45.00");
    });
  });

  it("without a locale attribute or page lang, uses Chromium's real first language when it has messages, else English", async () => {
    await useMockApi();
    const root = document.documentElement;
    const lang = root.getAttribute("lang");
    root.removeAttribute("lang");
    try {
      const [first = "en"] = navigator.languages;
      const known = ["en", "de"].includes(first.split("-")[0]!.toLowerCase());
      const el = mount();
      await inState(el, "ready");
      await until(() => renderedLang(el) === (known ? first : "en"), `lang ${first}`);
    } finally {
      if (lang !== null) root.setAttribute("lang", lang);
    }
  });
});
