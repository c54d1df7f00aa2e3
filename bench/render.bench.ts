/**
 * `npm run bench` (with `holds.bench.ts`): how fast the widget shows tiers, in Chromium.
 *
 * 1. Rendering 20 tiers from data: the widget's `<admit-tier-list>` (context, its rows, the
 *    stepper) against a bare Lit element writing the same DOM (parts and ids included) in one
 *    template, in the same page, interleaved, both waited for in the same way. Printed as the
 *    ratio of medians (target ≤ 1.5×).
 * 2. From the script's start to the tiers on screen, on Chromium's "Slow 4G" profile (CDP
 *    `Network.emulateNetworkConditions`: 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up), for
 *    a first visit (empty cache) and a repeat visit (same browser profile), against the demo
 *    (the script-tag build, the kit, PGlite in memory). Needs `npm run build` first.
 */
import { createServer } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { createDemo } from "../demo/create-demo.js";

const ROUNDS = Number(process.env.BENCH_RENDER_ROUNDS ?? 60);
const VISITS = Number(process.env.BENCH_VISITS ?? 3);
const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";
/** Chromium DevTools' "Slow 4G" preset. */
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1_000_000 * 0.9) / 8,
  uploadThroughput: (750 * 1000 * 0.9) / 8,
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (n: number) => `${n.toFixed(n < 100 ? 2 : 0)} ms`;

/** Part 1: the render ratio. */
async function renderRatio(browser: Browser): Promise<void> {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, "render/render-page.ts")],
    bundle: true,
    format: "esm",
    minify: true,
    write: false,
    target: "es2022",
    conditions: ["source", "browser"],
    logLevel: "error",
  });
  const script = bundle.outputFiles[0]!.text;
  const server = createServer((request, response) => {
    if (request.url === "/bench.js") {
      response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    } else {
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(
          '<!doctype html><html lang="en"><body><script type="module" src="/bench.js"></script>',
        );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => "runBench" in window);
    const { widget, bare } = await page.evaluate(
      (rounds) =>
        (
          window as unknown as {
            runBench(r: number, w: number): Promise<{ widget: number[]; bare: number[] }>;
          }
        ).runBench(rounds, 10),
      ROUNDS,
    );
    const ratio = median(widget) / median(bare);
    console.log(
      `render 20 tiers from data (median of ${ROUNDS}): widget ${ms(median(widget))}, bare Lit ${ms(median(bare))}` +
        ` → ${ratio.toFixed(2)}× (target ≤ 1.5×)`,
    );
  } finally {
    await page.close();
    server.close();
  }
}

/** Milliseconds from admit.js's request to the first tier on screen, on this page load. */
async function timeToTiers(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  // A string, not a function: the runner's transpiler would add helpers the page lacks.
  return page.evaluate(`new Promise((resolve) => {
    const tierShown = (root) => [...root.querySelectorAll("*")].some(
      (el) =>
        (el.getAttribute("part") === "tier" && el.getBoundingClientRect().height > 0) ||
        (el.shadowRoot && tierShown(el.shadowRoot)),
    );
    const check = () => {
      if (!tierShown(document)) return requestAnimationFrame(check);
      const script = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/admit.js"));
      resolve(performance.now() - (script ? script.startTime : 0));
    };
    check();
  })`);
}

/** Part 2: script start to tiers visible on Slow 4G, first and repeat visit. */
async function slowNetwork(browser: Browser): Promise<void> {
  const demo = await createDemo({ port: 0 });
  try {
    const first: number[] = [];
    const repeat: number[] = [];
    for (let i = 0; i < VISITS; i++) {
      const context = await browser.newContext({ locale: "en-US" });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
      first.push(await timeToTiers(page, demo.url));
      repeat.push(await timeToTiers(page, demo.url));
      await context.close();
    }
    console.log(
      `script start → tiers visible on Slow 4G (median of ${VISITS}): first visit ${ms(median(first))}, repeat visit ${ms(median(repeat))}`,
    );
  } finally {
    await demo.close();
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--headless", "--disable-gpu"],
});
try {
  await renderRatio(browser);
  await slowNetwork(browser);
} finally {
  await browser.close();
}
