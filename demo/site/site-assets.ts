import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
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
 * A file of the site by its name in the URL: `site.css`, or a file of the widget's script-tag
 * build (`admit.js`, plus the chunks it loads on demand, such as a locale, from next to itself).
 * Read on every request, so a rebuilt bundle is served without a restart.
 *
 * @returns undefined when there is no such file
 * @example
 * const asset = await readSiteAsset("admit.js");
 */
export async function readSiteAsset(name: string): Promise<SiteAsset | undefined> {
  if (name === "site.css") {
    return { contentType: "text/css; charset=utf-8", body: await readFile(SITE_CSS_PATH) };
  }
  // Plain file names only (word characters, "-", inner dots): nothing outside the build directory.
  if (!/^[\w-]+(\.[\w-]+)*\.js$/.test(name)) return undefined;
  try {
    return {
      contentType: "text/javascript; charset=utf-8",
      body: await readFile(join(dirname(WIDGET_BUNDLE_PATH), name)),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
