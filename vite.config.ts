import { defineConfig } from "vite";

// The script-tag build: one ESM file that registers <admit-tickets>, plus one small chunk per
// non-English locale, loaded on demand from beside it.
export default defineConfig({
  resolve: { conditions: ["source", "browser", "module", "import", "default"] },
  build: {
    outDir: "packages/widget/dist/cdn",
    emptyOutDir: true,
    target: "es2022",
    lib: { entry: "packages/widget/src/define.ts", formats: ["es"], fileName: () => "admit.js" },
    // Library mode keeps ES output's whitespace by default; the script tag ships fully minified.
    rolldownOptions: { output: { minify: true } },
  },
});
