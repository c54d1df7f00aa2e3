import { setViewport } from "@web/test-runner-commands";
import { cleanUp } from "./widget.js";

/** The sizes layout is checked at: a phone and a laptop (house style). */
export const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 800 },
] as const;

export type Viewport = (typeof VIEWPORTS)[number];

/**
 * For each test of the surrounding `describe`: the window at `viewport`'s size and a host page
 * (some margin, a serif font, the widget wherever the site puts it), removed with the widgets
 * after the test. Answers the current test's page.
 *
 * @example
 * const page = useHostPage(viewport);
 * it("…", () => { const el = mount({}, page()); });
 */
export function useHostPage(viewport: Viewport): () => HTMLElement {
  let page: HTMLElement;
  beforeEach(async () => {
    await setViewport({ width: viewport.width, height: viewport.height });
    page = document.createElement("main");
    page.style.cssText = "margin: 0 auto; padding: 16px; max-width: 960px; font: 16px serif";
    document.body.style.margin = "0";
    document.body.append(page);
  });
  afterEach(() => {
    cleanUp();
    page.remove();
  });
  return () => page;
}
