// The value page's re-tier latency in the built site: the cube re-tier and the naive per-customer
// re-tier, each against a plain aggregate over the same customer table in the same page.
import type {Page} from "playwright-core";
import {chromiumPath, launch, settle} from "../test/browser/harness.js";
import {serveDist} from "../test/browser/serve.js";
import type {BenchResult as PageBench} from "../docs/components/value-db.js";
import type {Figure} from "./measure.js";

async function measure(page: Page, runs: number): Promise<Figure[]> {
  await page.waitForFunction(() => typeof (window as unknown as {__valueBench?: unknown}).__valueBench === "function", undefined, {timeout: 180_000});
  const r = await page.evaluate((n) => (window as unknown as {__valueBench: (runs: number) => Promise<PageBench>}).__valueBench(n), runs);
  const note = `medians of ${r.runs} runs; ${r.customers.toLocaleString("en-US")} customers, ${r.cells.toLocaleString("en-US")} cube cells`;
  return [
    {name: "value: cube re-tier latency (DuckDB-WASM)", value: r.cubeMs, unit: "ms", target: "≤ 100 ms", note},
    {name: "value: plain SELECT sum(total) over the customers", value: r.scanMs, unit: "ms", note},
    {name: "value: cube re-tier / plain aggregate", value: r.cubeMs / r.scanMs, unit: "×", target: "≤ 5×"},
    {name: "value: naive per-customer re-tier latency", value: r.naiveMs, unit: "ms", note},
    {name: "value: naive per-customer re-tier / plain aggregate", value: r.naiveMs / r.scanMs, unit: "×"}
  ];
}

/** Runs in `page` (opened on /value, or navigated there from a served dist/); without one, launches its own Chromium. */
export async function benchValue(page?: Page, {runs = 15}: {runs?: number} = {}): Promise<Figure[]> {
  let server: Awaited<ReturnType<typeof serveDist>>["server"] | null = null;
  let close: (() => Promise<void>) | null = null;
  try {
    if (!page) {
      const executable = chromiumPath();
      if (!executable) throw new Error("Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)");
      const context = await launch(executable);
      close = () => context.close();
      page = await context.newPage();
    }
    if (!/\/value(\.html)?$/.test(new URL(page.url(), "http://x").pathname)) {
      const served = await serveDist();
      server = served.server;
      await page.goto(`${served.url}/value`);
    }
    await settle(page, 180_000);
    return await measure(page, runs);
  } finally {
    await close?.();
    server?.close();
  }
}
