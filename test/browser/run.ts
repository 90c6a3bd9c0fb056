// Browser tests: serve dist/ on 127.0.0.1, open every page in headless Chromium (Debian's), and fail
// on any console error, page error, failed request, request to another host or error cell.
import {readdirSync} from "node:fs";
import {mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import type {Page} from "playwright-core";
import {chromiumPath, errorCells, launch, settle, type BrowserSpec, type Problems, type SpecContext} from "./harness.js";
import {serveDist} from "./serve.js";

if (process.env.SKIP_BROWSER === "1") {
  console.log("browser tests SKIPPED because SKIP_BROWSER=1 (nothing was checked in Chromium)");
  process.exit(0);
}
const executable = chromiumPath();
if (!executable) {
  console.error(
    "Browser tests need Chromium and none was found (looked at $CHROMIUM_PATH, /usr/bin/chromium).\n" +
      "Install it with:  apt-get install -y chromium\n" +
      "or point CHROMIUM_PATH at a Chromium binary. To skip the browser tests on purpose, set SKIP_BROWSER=1."
  );
  process.exit(1);
}

const only = process.argv.slice(2);
const slowdown = Number(process.env.LPOINT_BROWSER_SLOWDOWN ?? 1);
if (!(slowdown >= 1)) throw new Error(`invalid LPOINT_BROWSER_SLOWDOWN: ${JSON.stringify(process.env.LPOINT_BROWSER_SLOWDOWN)} (expected a number ≥ 1)`);
const specFiles = readdirSync(new URL("./specs/", import.meta.url)).filter((f) => f.endsWith(".ts")).sort();
const specs: BrowserSpec[] = [];
for (const f of specFiles) {
  const mod = (await import(pathToFileURL(join(new URL("./specs/", import.meta.url).pathname, f)).href)) as {default: BrowserSpec[]};
  specs.push(...mod.default.filter((s) => !only.length || only.some((o) => s.name.includes(o))));
}

const {server, url} = await serveDist();
// the same site behind a server that ignores Range: every GET answers the whole file
const plain = await serveDist("dist", 0, {ranges: false});
const ownHosts = new Set([new URL(url).host, new URL(plain.url).host]);
const downloads = mkdtempSync(join(tmpdir(), "lpoint-downloads-"));
// a browser that crashes during one spec is launched again for the next, which would otherwise all fail with it
let context = await launch(executable, downloads);
let crashed = false;
const watch = () => context.on("close", () => (crashed = true));
watch();
/** Whether the browser still opens a page (its "close" event can come after the spec has failed). */
async function alive(): Promise<boolean> {
  if (crashed) return false;
  try {
    await (await context.newPage()).close();
    return true;
  } catch {
    return false;
  }
}
let passed = 0;
let failed = 0;

for (const spec of specs) {
  if (crashed) {
    context = await launch(executable, downloads);
    crashed = false;
    watch();
  }
  const problems: Problems = {console: [], pageErrors: [], failed: [], external: [], httpErrors: [], injected: []};
  const allowed: RegExp[] = [/Orthogonal initializer is being called on a matrix/];
  const pages: Page[] = [];
  const ctx: SpecContext = {
    url, problems, context,
    allowConsole: (p) => void allowed.push(p),
    async open(path, {waitFor, timeout = 90_000, before, noRange = false, cpuSlowdown = slowdown} = {}) {
      const page = await context.newPage();
      pages.push(page);
      // tsx compiles the specs with esbuild's keepNames: functions passed to page.evaluate may call __name
      await page.addInitScript({content: "globalThis.__name = (f) => f;"});
      await page.route("**/*", (route) => {
        const u = new URL(route.request().url());
        if (u.protocol === "data:" || u.protocol === "blob:" || ownHosts.has(u.host)) return route.continue();
        problems.external.push(route.request().url());
        return route.abort("blockedbyclient");
      });
      page.on("console", (m) => {
        if (m.type() === "error" && !allowed.some((p) => p.test(m.text()))) problems.console.push(`${path}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.pageErrors.push(`${path}: ${e.message}`));
      page.on("requestfailed", (r) => {
        if (problems.external.includes(r.url())) return;
        // DuckDB-WASM's streaming compile sometimes cancels the .wasm response after it has fully
        // arrived; Chromium reports that as ERR_ABORTED although nothing was lost.
        if (r.failure()?.errorText === "net::ERR_ABORTED" && r.timing().responseEnd > 0) return;
        problems.failed.push(`${r.url()} ${r.failure()?.errorText ?? ""}`);
      });
      page.on("response", (r) => {
        if (r.status() >= 400) problems.httpErrors.push(`${r.status()} ${r.url()}`);
      });
      page.on("dialog", (d) => {
        problems.injected.push(`${path}: a ${d.type()} dialog opened: ${d.message()}`);
        void d.dismiss().catch(() => {});
      });
      // LPOINT_BROWSER_SLOWDOWN=4: every page on a CPU 4× slower, to shake out races that a fast machine hides
      if (cpuSlowdown > 1) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", {rate: cpuSlowdown});
      if (before) await before(page);
      await page.goto((noRange ? plain.url : url) + path, {timeout});
      await settle(page, timeout);
      if (waitFor) await page.waitForSelector(waitFor, {timeout});
      return page;
    }
  };
  const started = Date.now();
  let error: unknown = null;
  try {
    await spec.run(ctx);
    for (const page of pages) {
      const cells = await errorCells(page);
      if (cells.length) throw new Error(`error cells on ${page.url()}:\n  ${cells.join("\n  ")}`);
      problems.injected.push(...(await liveMarkup(page)).map((m) => `${page.url()}: ${m}`));
    }
    const all = [...problems.console, ...problems.pageErrors, ...problems.failed, ...problems.external.map((u) => `external request: ${u}`), ...problems.httpErrors, ...problems.injected];
    if (all.length) throw new Error(all.join("\n  "));
  } catch (e) {
    error = e;
  } finally {
    for (const page of pages) await page.close().catch(() => {});
  }
  const ms = Date.now() - started;
  if ((error || crashed) && !(await alive())) {
    crashed = true;
    error = new Error(`the browser closed during this spec (a crash): ${(error as Error | null)?.message ?? "the spec itself passed"}`);
  }
  if (error) {
    failed++;
    console.log(`✗ ${spec.name} (${ms} ms)\n  ${(error as Error).message ?? error}`);
  } else {
    passed++;
    console.log(`✓ ${spec.name} (${ms} ms)`);
  }
}

/** Elements that only hostile data could have made: inline handlers, the planted <img src=x>, javascript: links. */
async function liveMarkup(page: Page): Promise<string[]> {
  if (page.isClosed()) return [];
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      const handlers = el.getAttributeNames().filter((n) => n.startsWith("on"));
      if (handlers.length) found.push(`<${el.localName} ${handlers.join(" ")}> has an inline handler`);
      if (el.localName === "img" && el.getAttribute("src") === "x") found.push("a live <img src=x> from data");
      const href = el.getAttribute("href");
      if (href && /^\s*javascript:/i.test(href)) found.push(`<${el.localName} href="${href}">`);
    }
    return found;
  });
}

await context.close();
server.close();
plain.server.close();
console.log(`\nbrowser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
