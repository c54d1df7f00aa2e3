// The page behind script-tag.html: records CSP violations and script errors, installs the mock
// API, then embeds the widget the way a host page does: one module script tag for the built
// bundle (`npm run build`), nothing imported from the widget's source.
// The mock's modules alone overflow the default 250 entries; the test reads what was loaded.
performance.setResourceTimingBufferSize(5000);
const violations: string[] = [];
const errors: string[] = [];
document.addEventListener("securitypolicyviolation", (e) =>
  violations.push(`${e.violatedDirective} ${e.blockedURI}`),
);
window.addEventListener("error", (e) => errors.push(String(e.message || e.type)));
Object.assign(window, { violations, errors });

// `?event=…` embeds another event (one the mock does not know: its problem message).
const event = new URLSearchParams(location.search).get("event");
if (event) document.querySelector("admit-tickets")!.setAttribute("event", event);

const { useMockApi } = await import("../helpers/mock-worker.js");
await useMockApi();

const script = document.createElement("script");
script.type = "module";
script.src = "/packages/widget/dist/cdn/admit.js";
script.addEventListener("error", () => errors.push(`could not load ${script.src}`));
document.head.append(script);

export {};
