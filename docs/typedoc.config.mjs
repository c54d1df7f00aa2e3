// `npm run docs`: the API reference of the three packages, from their doc comments, into
// docs/api (not committed). One module per subpath of each package's exports map (the entry
// points are in packages/*/typedoc.json). Warnings fail the run.
//
// TypeDoc runs on the TypeScript compiler API, which the repo's TypeScript 7 (the native
// compiler) does not offer to JavaScript; so this workspace has its own TypeScript 5.9, the
// newest TypeDoc supports, used for nothing else.
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "Admit",
  entryPointStrategy: "packages",
  entryPoints: ["../packages/client", "../packages/server-kit", "../packages/widget"],
  packageOptions: {
    excludeExternals: true,
    entryPointStrategy: "resolve",
    tsconfig: "./tsconfig.build.json",
    excludePrivate: true,
    excludeInternal: true,
    // No links to source lines: they need a git remote, and a clone's (CI's) points at a local
    // path, which TypeDoc warns about.
    disableSources: true,
    // The web component tags the custom elements manifest reads.
    blockTags: [
      ...OptionDefaults.blockTags,
      "@csspart",
      "@cssprop",
      "@tagname",
      "@slot",
      "@attr",
      "@prop",
    ],
  },
  readme: "../README.md",
  // The widget's README shows Svelte and Vue components.
  highlightLanguages: [...OptionDefaults.highlightLanguages, "svelte", "vue"],
  out: "api",
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, notDocumented: false },
};
