import { defineConfig } from "vite";
import { minifyLitTemplates } from "./scripts/vite-minify-lit-templates.js";

// The script-tag build, `dist/cdn/`: `admit.js`, one ESM file that registers <admit-tickets>,
// plus one small chunk per non-English locale (`admit-de.js`), loaded on demand from beside it.
// The names are stable (no hashes): the folder is published as is and addressed by version.
export default defineConfig({
  // Indentation inside html`` and css`` templates is not minified by the JS minifier.
  plugins: [minifyLitTemplates({ include: /\/packages\/widget\/src\/(?!.*\.test\.ts$).*\.ts$/ })],
  resolve: { conditions: ["source", "browser", "module", "import", "default"] },
  build: {
    outDir: "packages/widget/dist/cdn",
    emptyOutDir: true,
    target: "es2022",
    lib: { entry: "packages/widget/src/define.ts", formats: ["es"], fileName: () => "admit.js" },
    // Library mode keeps ES output's whitespace by default; the script tag ships fully minified.
    rolldownOptions: {
      output: {
        minify: true,
        comments: { legal: true, annotation: false, jsdoc: false },
        chunkFileNames: "admit-[name].js",
      },
    },
  },
});
