// A static file server for the built Storybook (node:http, no dependencies), plus extra pages
// the check serves itself (its self-test), all on one loopback origin so msw's worker registers.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `root` on 127.0.0.1 at a free port.
 *
 * @param {string} root folder to serve
 * @param {Record<string, string>} [pages] extra HTML pages by path, e.g. `{ "/__check__/x.html": "<!doctype html>…" }`
 * @returns {Promise<{ origin: string, close: () => Promise<void> }>}
 * @example const server = await startStaticServer("stories/storybook-static"); await server.close();
 */
export async function startStaticServer(folder, pages = {}) {
  const root = resolve(folder);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    if (pages[path] !== undefined) {
      response.writeHead(200, { "content-type": CONTENT_TYPES[".html"] });
      response.end(pages[path]);
      return;
    }
    // Chromium asks for it on its own; a 404 would be a console error no story caused.
    if (path === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    // Never serve outside root, whatever `..` the request path holds.
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      response.writeHead(403).end();
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      response.writeHead(404, { "content-type": CONTENT_TYPES[".txt"] }).end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
      // msw's worker must control pages at the site root.
      ...(file.endsWith("mockServiceWorker.js") ? { "service-worker-allowed": "/" } : {}),
    });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
