import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The widget's script-tag bundle, built by `vite build` (root `vite.config.ts`). */
export const WIDGET_BUNDLE_PATH = fileURLToPath(
  new URL("../../packages/widget/dist/cdn/admit.js", import.meta.url),
);

/** The organizer's own files, by their name in the URL. */
const SITE_FILES: Readonly<Record<string, { path: string; contentType: string }>> = {
  "site.css": {
    path: fileURLToPath(new URL("./site.css", import.meta.url)),
    contentType: "text/css; charset=utf-8",
  },
  "site.js": {
    path: fileURLToPath(new URL("./site.js", import.meta.url)),
    contentType: "text/javascript; charset=utf-8",
  },
};

/** A static file of the organizer's site, ready for any framework to send. */
export interface SiteAsset {
  contentType: string;
  body: Buffer;
  /**
   * As the widget's README advises: the entry and the site's files short (here: revalidated
   * each time, so a rebuild shows at once), the hashed chunks for a year.
   */
  cacheControl: string;
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
 * A file of the site by its path in the URL: `site.css`, `site.js`, or a file of the widget's
 * script-tag build (`admit.js`, and `chunks/<name>-<hash>.js`, which it loads from beside
 * itself). Read on every request, so a rebuilt bundle is served without a restart.
 *
 * @returns undefined when there is no such file
 * @example
 * const asset = await readSiteAsset("admit.js");
 */
export async function readSiteAsset(name: string): Promise<SiteAsset | undefined> {
  const own = SITE_FILES[name];
  if (own)
    return {
      contentType: own.contentType,
      body: await readFile(own.path),
      cacheControl: "no-cache",
    };
  // Plain file names only (word characters, "-", inner dots), at the top or in chunks/: nothing
  // outside the build directory.
  if (!/^(chunks\/)?[\w-]+(\.[\w-]+)*\.js$/.test(name)) return undefined;
  try {
    return {
      contentType: "text/javascript; charset=utf-8",
      body: await readFile(join(dirname(WIDGET_BUNDLE_PATH), name)),
      cacheControl: name.startsWith("chunks/") ? "public, max-age=31536000, immutable" : "no-cache",
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
