/** @type {import('dependency-cruiser').IConfiguration} */
// `npm test` runs this (scripts/test.mjs): no import cycle, type-only imports included, and
// internal code never imports a barrel of its own package by a relative path (an `index.ts` is a
// package's or a subpath's public door; tests may still go through the public entries by name).
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "An import cycle (type-only imports count): move the shared part into its own module.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-internal-barrel",
      severity: "error",
      comment:
        "Internal code imports the module that declares a thing, never a barrel index.ts (the barrels are public entries only).",
      from: {
        path: "^packages/([^/]+)/src/",
        // Barrels re-export barrels; the client's OpenAPI components, sample answers and contract
        // tests read the whole contract as one namespace on purpose.
        pathNot: [
          "index[.]ts$",
          "^packages/client/src/(openapi/openapi-components|testing/sample-answers)[.]ts$",
          "^packages/client/src/contract/[^/]+[.]test[.]ts$",
        ],
      },
      to: { path: "^packages/$1/src/.*index[.]ts$", dependencyTypes: ["local"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
    // The project's TypeScript (7, native) has no JS API to parse with; swc parses the sources
    // and keeps type-only imports.
    parser: "swc",
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["source", "import", "types", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs"],
    },
  },
};
