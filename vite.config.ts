import { defineConfig } from "vite";
import { minifyLitTemplates } from "./scripts/vite-minify-lit-templates.js";
import { thirdPartyLicenses } from "./scripts/vite-third-party-licenses.js";

// The script-tag build, the folder `dist/cdn/`: the entry `admit.js` (a stable name: pages link
// to it) registers <admit-tickets> and renders the tiers; every later screen and every
// non-English catalogue is a chunk in `chunks/` with a content hash in its name, loaded from
// beside the entry when first needed. The folder is published and served as a whole.
export default defineConfig({
  // Indentation inside html`` and css`` templates is not minified by the JS minifier.
  plugins: [
    minifyLitTemplates({ include: /\/packages\/widget\/src\/(?!.*\.test\.ts$).*\.ts$/ }),
    // The bundled packages' licence notices go to one file beside the scripts.
    thirdPartyLicenses("THIRD-PARTY-LICENSES.txt"),
  ],
  resolve: { conditions: ["source", "browser", "module", "import", "default"] },
  build: {
    outDir: "packages/widget/dist/cdn",
    emptyOutDir: true,
    target: "es2022",
    lib: { entry: "packages/widget/src/define.ts", formats: ["es"], fileName: () => "admit.js" },
    // Library mode keeps ES output's whitespace by default; the script tag ships fully minified.
    rolldownOptions: {
      // Library mode keeps the entry's exports exact ("strict"), which moves every module the
      // entry shares with a screen chunk into a third file. The entry exports nothing at run
      // time, so the shared code may live in it and the chunks import it from there.
      preserveEntrySignatures: "allow-extension",
      output: {
        minify: true,
        comments: { legal: false, annotation: false, jsdoc: false },
        postBanner: (chunk) =>
          chunk.isEntry ? "/*! Admit (MIT), licences: THIRD-PARTY-LICENSES.txt */" : "",
        // Six hash characters (36 bits) tell a handful of chunks apart across versions, and the
        // entry, which names each, stays smaller.
        chunkFileNames: "chunks/[name]-[hash:6].js",
      },
    },
  },
});
