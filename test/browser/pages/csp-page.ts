// The page behind csp.html: records CSP violations, installs the mock API, loads the widget
// exactly as the script-tag entry does.
const violations: string[] = [];
document.addEventListener("securitypolicyviolation", (e) =>
  violations.push(`${e.violatedDirective} ${e.blockedURI}`),
);
Object.assign(window, { violations });

const { useMockApi } = await import("../helpers/mock-worker.js");
await useMockApi();
await import("@admit/widget/define");

export {};
