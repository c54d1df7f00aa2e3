// The consumer test (a step of `npm test`, after the build): what an integrator installs from
// npm works outside this repository. Packs the three packages, checks each tarball with publint
// and attw, installs the tarballs (and nothing else from the workspace) into three apps under
// the OS temp directory, where nothing is hoisted from the repo, and proves:
//   web:        test/consumer/web, a Vite + React 19 + TypeScript (strict) app that renders
//               <admit-tickets>, type-checks (with @ts-expect-error lines that the widget's
//               types must refuse; also Preact and Solid JSX, and @admit/widget/define alone)
//               and builds with `vite build`;
//   frameworks: test/consumer/frameworks, Svelte 5 and Vue 3 components checked by
//               svelte-check and vue-tsc: the right ones pass, each mistake of the wrong ones
//               is reported;
//   server:     test/consumer/server, compiled with `tsc --module nodenext`, mounts the kit in
//               Express, Fastify and Hono and completes a purchase against the sandbox over
//               real HTTP on PostgreSQL and on PGlite; without @electric-sql/pglite installed
//               the PGlite store fails with its install hint; SIGTERM ends each server
//               (admit.close()); a Next.js route handler module answers through admit.handle.
// The READMEs' snippets marked `<!-- consumer: <file> -->` must equal those files.
// `KEEP=1` leaves the temp directory for a look; PostgreSQL comes from `PGHOST` etc., default
// 127.0.0.1:5432 user postgres (a scratch database is created and dropped).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";

const ROOT = resolve(import.meta.dirname, "..");
const CONSUMER = join(ROOT, "test/consumer");
const PACKAGES = ["client", "server-kit", "widget"];
const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
/** The repo's own version of a tool, so the apps use what the repo is tested with. */
const same = (name) => {
  const version = root.devDependencies[name];
  if (!version) throw new Error(`consumer test: ${name} is not a root devDependency`);
  return version;
};

const ADMIN_TOKEN = randomBytes(16).toString("hex");
const started = Date.now();
const failures = [];
const tmp = mkdtempSync(join(tmpdir(), "admit-consumer-"));
const log = (line) =>
  console.log(`[consumer ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

/** Run a command; on failure record it with its output (the test goes on so all is reported). */
function run(what, command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: "pipe", ...options });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  if (result.status !== 0) {
    failures.push(`${what}\n${output || result.error}`);
    log(`FAIL ${what}`);
  } else log(`ok   ${what}`);
  return { ok: result.status === 0, output };
}

/** Run a command and hand back its outcome, recording nothing. */
function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: "pipe", ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

function check(what, ok, detail = "") {
  if (!ok) failures.push(`${what}${detail ? `\n${detail}` : ""}`);
  log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

try {
  // 1. Tarballs, linted as published.
  const tarballs = {};
  for (const dir of PACKAGES) {
    const [pack] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", tmp], {
        cwd: join(ROOT, "packages", dir),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    tarballs[pack.name] = join(tmp, pack.filename);
    log(
      `packed ${pack.name}: ${pack.size} bytes, ${pack.unpackedSize} unpacked, ${pack.entryCount} files`,
    );
  }
  const bin = (name) => join(ROOT, "node_modules/.bin", name);
  for (const [name, tarball] of Object.entries(tarballs)) {
    const publint = run(`publint ${name}`, bin("publint"), ["run", tarball, "--strict"]);
    // Suggestions do not fail publint; here they do.
    check(`publint ${name}: all good`, publint.output.includes("All good!"), publint.output);
    run(`attw ${name} (ESM-only package)`, bin("attw"), [
      tarball,
      "--profile",
      "esm-only",
      "--no-color",
    ]);
  }
  const deps = (names) => Object.fromEntries(names.map((n) => [n, `file:${tarballs[n]}`]));
  const npmInstall = (what, cwd, extra = []) =>
    run(what, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...extra], { cwd });

  // 2. The web app.
  const web = join(tmp, "web");
  cpSync(join(CONSUMER, "web"), web, { recursive: true });
  writeJson(join(web, "package.json"), {
    name: "admit-consumer-web",
    private: true,
    type: "module",
    // @admit/client is not on the registry yet: the override points the widget's dependency at
    // its tarball, and installs it only if the widget declares it.
    overrides: deps(["@admit/client"]),
    dependencies: {
      ...deps(["@admit/widget"]),
      react: "^19.2.0",
      "react-dom": "^19.2.0",
    },
    devDependencies: {
      "@types/react": "^19.2.0",
      "@types/react-dom": "^19.2.0",
      "@vitejs/plugin-react": "^6.0.0",
      preact: "^10.27.0",
      "solid-js": "^1.9.0",
      typescript: same("typescript"),
      vite: same("vite"),
    },
  });
  // Svelte and Vue templates, checked by their own checkers, which run on the TypeScript
  // compiler API that TypeScript 7 does not offer: so TypeScript 5.9 in this app.
  const frameworks = join(tmp, "frameworks");
  cpSync(join(CONSUMER, "frameworks"), frameworks, { recursive: true });
  writeJson(join(frameworks, "package.json"), {
    name: "admit-consumer-frameworks",
    private: true,
    type: "module",
    overrides: deps(["@admit/client"]),
    dependencies: { ...deps(["@admit/widget"]), svelte: "^5.40.0", vue: "^3.5.0" },
    devDependencies: { "svelte-check": "^4.3.0", typescript: "~5.9.3", "vue-tsc": "^3.1.0" },
  });
  // 3. The server app, first without PGlite.
  const server = join(tmp, "server");
  cpSync(join(CONSUMER, "server"), server, { recursive: true });
  writeJson(join(server, "package.json"), {
    name: "admit-consumer-server",
    private: true,
    type: "module",
    dependencies: {
      ...deps(["@admit/client", "@admit/server-kit"]),
      "@hono/node-server": "^2.0.0",
      express: same("express"),
      fastify: same("fastify"),
      hono: "^4.9.0",
      stripe: same("stripe"), // the optional peer of @admit/server-kit/stripe
    },
    devDependencies: {
      "@types/express": same("@types/express"),
      "@types/node": same("@types/node"),
      typescript: same("typescript"),
    },
  });
  const [webInstall, serverInstall, frameworksInstall] = await Promise.all([
    runAsync(
      "install the web app",
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund"],
      web,
    ),
    runAsync(
      "install the server app (no PGlite)",
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund"],
      server,
    ),
    runAsync(
      "install the Svelte and Vue app",
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund"],
      frameworks,
    ),
  ]);
  if (webInstall) {
    run(
      "web: tsc --noEmit (strict; React 19, Preact, Solid JSX)",
      join(web, "node_modules/.bin/tsc"),
      ["-p", web],
    );
    run(
      "web: tsc --noEmit, only @admit/widget/define (element and event types)",
      join(web, "node_modules/.bin/tsc"),
      ["-p", join(web, "tsconfig.dom.json")],
    );
    if (run("web: vite build", join(web, "node_modules/.bin/vite"), ["build"], { cwd: web }).ok) {
      const assets = join(web, "dist/assets");
      const bundle = readdirSync(assets)
        .filter((f) => f.endsWith(".js"))
        .map((f) => readFileSync(join(assets, f), "utf8"))
        .join("\n");
      check(
        "web: the built app registers admit-tickets",
        bundle.includes("admit-tickets") && bundle.includes("customElements"),
      );
    }
  }
  if (frameworksInstall) {
    const bin = (name) => join(frameworks, "node_modules/.bin", name);
    templateCheck(
      "Svelte: svelte-check types <admit-tickets> attributes and onadmit-* events",
      capture(bin("svelte-check"), ["--tsconfig", "./tsconfig.json"], { cwd: frameworks }),
      "Wrong.svelte",
    );
    templateCheck(
      "Vue: vue-tsc types <admit-tickets> attributes and @admit-* events",
      capture(bin("vue-tsc"), ["--noEmit", "-p", "tsconfig.json"], { cwd: frameworks }),
      "Wrong.vue",
    );
  }
  if (serverInstall) {
    log(
      `server app node_modules without PGlite: ${(duBytes(join(server, "node_modules")) / 1e6).toFixed(1)} MB`,
    );
    const tsc = run("server: tsc --module nodenext", join(server, "node_modules/.bin/tsc"), [
      "-p",
      server,
    ]);
    run(
      "server: the kit's and the client's declarations alone, skipLibCheck off, no DOM",
      join(server, "node_modules/.bin/tsc"),
      ["-p", join(server, "tsconfig.kit.json")],
    );
    if (tsc.ok) {
      const pg = await scratchDatabase();
      try {
        missingPglite(server);
        for (const framework of ["express", "fastify", "hono"])
          await purchase(server, framework, { DATABASE_URL: pg.url }, `PostgreSQL`);
        nextRoute(server, pg.url);
        if (
          npmInstall("install @electric-sql/pglite", server, [
            `@electric-sql/pglite@${same("@electric-sql/pglite")}`,
          ]).ok
        )
          for (const framework of ["express", "fastify", "hono"])
            await purchase(server, framework, {}, "PGlite");
      } finally {
        await pg.drop();
      }
    }
  }

  // 4. The READMEs show the code above.
  for (const readme of ["README.md", ...PACKAGES.map((p) => `packages/${p}/README.md`)]) {
    const text = readFileSync(join(ROOT, readme), "utf8");
    for (const [, file, block] of text.matchAll(
      /<!-- consumer: (\S+) -->\s*```\w*\n([\s\S]*?)```/g,
    )) {
      const source = readFileSync(join(CONSUMER, file), "utf8");
      check(
        `${readme} shows test/consumer/${file} as it is`,
        block === source,
        "the README block differs from the file; copy the file into the README",
      );
    }
  }
} catch (error) {
  failures.push(String(error?.stack ?? error));
} finally {
  if (process.env.KEEP) log(`kept ${tmp}`);
  // rm is several times faster than rmSync on three node_modules folders.
  else if (spawnSync("rm", ["-rf", tmp]).status !== 0)
    rmSync(tmp, { recursive: true, force: true });
}

log(failures.length ? `${failures.length} failure(s)` : "all passed");
for (const f of failures) console.error(`\n--- ${f}`);
process.exit(failures.length ? 1 : 0);

/**
 * A checker's run over Tickets.* (right) and Wrong.* (two mistakes): it must fail, naming both
 * mistakes of the wrong file and nothing in the right one.
 */
function templateCheck(what, { ok, output }, wrongFile) {
  const clean = stripVTControlCharacters(output);
  check(
    what,
    !ok &&
      clean.includes(wrongFile) &&
      /"sideways"/.test(clean) &&
      /Property 'total' does not exist/.test(clean) &&
      !/Tickets\.(svelte|vue)/.test(clean),
    clean,
  );
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function runAsync(what, command, args, cwd) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      check(what, code === 0, output);
      done(code === 0);
    });
  });
}

function duBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** Start `dist/<framework>.js`; resolves once it printed its URL. */
async function startServer(dir, framework, env) {
  const port = await freePort();
  const sandboxPort = await freePort();
  const child = spawn("node", [`dist/${framework}.js`], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
      ADMIT_ADMIN_TOKEN: ADMIN_TOKEN,
      ...env,
    },
  });
  let output = "";
  const exited = new Promise((done) => child.on("exit", (code, signal) => done(code ?? signal)));
  const url = await new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${framework} did not start in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (d) => {
      output += d;
      const match = /(http:\/\/\S+\/admit)\b/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (output += d));
    exited.then((code) =>
      fail(new Error(`${framework} exited (${code}) before starting:\n${output}`)),
    );
  });
  return {
    url,
    output: () => output,
    /** SIGTERM; resolves with whether the process ended by itself within 15 s. */
    async stop() {
      child.kill("SIGTERM");
      const ended = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!ended) child.kill("SIGKILL");
      return ended;
    },
  };
}

async function purchase(dir, framework, env, storage) {
  const what = `${framework} on ${storage}: hold → checkout → sandbox Pay → paid, over HTTP`;
  let server;
  try {
    server = await startServer(dir, framework, env);
    run(what, "node", ["dist/purchase.js", server.url, ADMIN_TOKEN], { cwd: dir });
  } catch (error) {
    check(what, false, String(error));
  } finally {
    if (server)
      check(
        `${framework} on ${storage}: SIGTERM ends the process (admit.close())`,
        await server.stop(),
        server.output(),
      );
  }
}

/** Without the optional peer, the PGlite store's first statement (admit.migrate()) says what to install. */
function missingPglite(dir) {
  const result = spawnSync("node", ["dist/express.js"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, PORT: "0", SANDBOX_URL: "http://127.0.0.1:0" },
  });
  const output = `${result.stdout}${result.stderr}`;
  check(
    "without @electric-sql/pglite: a PGlite server stops at startup with the install hint",
    result.status === 1 &&
      output.includes("@admit/server-kit: Failed to load @electric-sql/pglite") &&
      output.includes("Make sure to install it: npm install @electric-sql/pglite"),
    `exit ${result.status ?? result.signal}\n${output}`,
  );
}

/** The Next.js route module's GET, called as Next.js would, answers the event the purchases made. */
function nextRoute(dir, databaseUrl) {
  const script = `
    const route = await import("./dist/app/admit/[...path]/route.js");
    const response = await route.GET(new Request("http://localhost/admit/events/consumer-gala"));
    const body = await response.json();
    console.log(response.status, body.id);
    process.exit(response.status === 200 && body.id === "consumer-gala" ? 0 : 1);`;
  run(
    "Next.js route handler: GET /admit/events/:id answers the event",
    "node",
    ["--input-type=module", "-e", script],
    {
      cwd: dir,
      timeout: 60_000,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: "0",
        SANDBOX_URL: "http://127.0.0.1:0",
      },
    },
  );
}

/** A database of its own on the PostgreSQL server, dropped at the end. */
async function scratchDatabase() {
  const name = `admit_consumer_${randomBytes(4).toString("hex")}`;
  const host = process.env.PGHOST ?? "127.0.0.1";
  const port = process.env.PGPORT ?? "5432";
  const user = process.env.PGUSER ?? "postgres";
  const psql = (sql) =>
    spawnSync("psql", ["-h", host, "-p", port, "-U", user, "-d", "postgres", "-c", sql], {
      encoding: "utf8",
    });
  const created = psql(`CREATE DATABASE ${name}`);
  if (created.status !== 0)
    throw new Error(`consumer test: could not create a database: ${created.stderr}`);
  return {
    url: `postgres://${user}@${host}:${port}/${name}`,
    drop: async () => void psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}
