import {existsSync, mkdtempSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium, type BrowserContext, type Page} from "playwright-core";

export interface Problems {
  console: string[];
  pageErrors: string[];
  failed: string[];
  external: string[];
  httpErrors: string[];
  /** dialogs opened and markup from data that became live elements (hostile text must stay inert) */
  injected: string[];
}

export interface SpecContext {
  url: string;
  /** Open a page path and wait until its cells have settled; records problems. */
  /**
   * `before` runs on the new page before it loads (to route a file, say); `noRange` opens the site behind a
   * server that ignores Range; `cpuSlowdown` runs the page on a CPU that many times slower (default: the
   * suite's LPOINT_BROWSER_SLOWDOWN, else 1)
   */
  open(path: string, options?: {waitFor?: string; timeout?: number; before?: (page: Page) => Promise<unknown>; noRange?: boolean; cpuSlowdown?: number}): Promise<Page>;
  problems: Problems;
  /** Console messages matching these patterns are expected by the current spec. */
  allowConsole(pattern: RegExp): void;
  context: BrowserContext;
}

export interface BrowserSpec {
  name: string;
  run(ctx: SpecContext): Promise<void>;
}

export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p)) ?? null;
}

export async function launch(executablePath: string, downloadsPath?: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "lpoint-chromium-")), {
    executablePath, headless: true, args: CHROMIUM_FLAGS, acceptDownloads: true, downloadsPath,
    viewport: {width: 1280, height: 900}, locale: "en-US", timezoneId: "Asia/Seoul"
  });
}

/** Wait for the page's cells to finish: no pending Framework cells, then a quiet network. */
export async function settle(page: Page, timeout = 60_000): Promise<void> {
  // The runtime recomputes cells on the next animation frame after an input event: before that frame
  // no cell is marked running yet, so a check made at once would see the old page. A hidden page gets
  // no frames (a second at most); one navigating away has none to wait for (the load states below do).
  await page.evaluate(() => new Promise((resolve) => (requestAnimationFrame(() => requestAnimationFrame(resolve)), setTimeout(resolve, 1000)))).catch(() => undefined);
  await page.waitForLoadState("load", {timeout});
  await page.waitForLoadState("networkidle", {timeout});
  // An inline ${…} value still pending shows as <observablehq-loading>, with no class on any cell: an engine
  // still compiling after the network went idle would otherwise pass for a settled page. Only those on
  // screen count: one further down may wait, by design, for the reader to scroll to it (visibility()).
  await page.waitForFunction(
    () =>
      !document.querySelector(".observablehq--running, .observablehq--loading") &&
      ![...document.querySelectorAll("observablehq-loading")].some((e) => {
        const r = e.getBoundingClientRect();
        return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
      }),
    undefined,
    {timeout}
  );
}

export function errorCells(page: Page): Promise<string[]> {
  return page.$$eval(".observablehq--error", (els) => els.map((e) => (e.textContent ?? "").trim().slice(0, 300)));
}

/**
 * A downloaded CSV's text, checked as a spreadsheet would read it: a UTF-8 byte order mark first (so
 * Korean text decodes), then no float noise in any cell; the text is returned without the mark.
 */
export async function csvDownload(download: import("playwright-core").Download): Promise<string> {
  const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
  if (!text.startsWith("\ufeff")) throw new Error(`${download.suggestedFilename()}: no UTF-8 byte order mark (spreadsheets would mis-read Korean text)`);
  const noisy = /(?:^|,)-?\d+\.\d*(?:0{6,}|9{6,})\d(?:,|$)/m.exec(text);
  if (noisy) throw new Error(`${download.suggestedFilename()}: float noise in ${JSON.stringify(noisy[0])}`);
  return text.slice(1);
}
