import { defineConfig } from "vite";

// The script-tag build: one ESM file that registers <admit-tickets>.
export default defineConfig({
  resolve: { conditions: ["source", "browser", "module", "import", "default"] },
  build: {
    outDir: "packages/widget/dist/cdn",
    emptyOutDir: true,
    target: "es2022",
    lib: { entry: "packages/widget/src/define.ts", formats: ["es"], fileName: () => "admit.js" },
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
