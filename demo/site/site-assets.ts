import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The widget's script-tag bundle, built by `vite build` (root `vite.config.ts`). */
export const WIDGET_BUNDLE_PATH = fileURLToPath(
  new URL("../../packages/widget/dist/cdn/admit.js", import.meta.url),
);

const SITE_CSS_PATH = fileURLToPath(new URL("./site.css", import.meta.url));

/** A static file of the organizer's site, ready for any framework to send. */
export interface SiteAsset {
  contentType: string;
  body: Buffer;
}

/**
 * Throws a clear error when the widget bundle has not been built: the demo serves the real
 * script-tag bundle, never a stand-in.
 */
export function assertWidgetBundleBuilt(): void {
  if (!existsSync(WIDGET_BUNDLE_PATH)) {
    throw new Error(
      `The widget's script-tag bundle is missing (${WIDGET_BUNDLE_PATH}). Run \`npm run build\` first (\`npm start\` and \`npm test\` do).`,
    );
  }
}

/**
 * Reads the assets on every request, so a rebuilt bundle is served without a restart.
 *
 * @example
 * const { contentType, body } = await readSiteAsset("admit.js");
 */
export async function readSiteAsset(name: "admit.js" | "site.css"): Promise<SiteAsset> {
  if (name === "admit.js") {
    return {
      contentType: "text/javascript; charset=utf-8",
      body: await readFile(WIDGET_BUNDLE_PATH),
    };
  }
  return { contentType: "text/css; charset=utf-8", body: await readFile(SITE_CSS_PATH) };
}
