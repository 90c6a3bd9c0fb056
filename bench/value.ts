// The value page's re-tier latency in the built site. The page re-tiers on the slider grid in
// JavaScript from the cube's running sums (no worker round trip); the figures compare that with a plain
// DuckDB-WASM aggregate over the customer table in the same page (the yardstick), with the
// round trip every DuckDB-WASM query pays, and with a plain JavaScript sum over the customers' totals.
import type {Page} from "playwright-core";
import {chromiumPath, launch, settle} from "../test/browser/harness.js";
import {serveDist} from "../test/browser/serve.js";
import type {BenchResult as PageBench} from "../docs/components/value-db.js";
import type {Figure} from "./measure.js";

async function measure(page: Page, runs: number): Promise<Figure[]> {
  await page.waitForFunction(() => typeof (window as unknown as {__valueBench?: unknown}).__valueBench === "function", undefined, {timeout: 180_000});
  const r = await page.evaluate((n) => (window as unknown as {__valueBench: (runs: number) => Promise<PageBench>}).__valueBench(n), runs);
  const note = `medians of ${r.runs} runs; ${r.customers.toLocaleString("en-US")} customers, ${r.cells.toLocaleString("en-US")} cube cells`;
  const js = `JavaScript in the page: mean of ${r.batch} back-to-back re-tiers (lookups, tier summary, score counts), ${note}`;
  return [
    {name: "value: cube re-tier latency (running sums, JavaScript)", value: r.cubeMs, unit: "ms", target: "≤ 100 ms", note: js},
    {name: "value: cube re-tier latency, p95 over runs", value: r.cubeP95Ms, unit: "ms", target: "≤ 100 ms"},
    {name: "value: plain SELECT sum(total) over the customers (DuckDB-WASM)", value: r.scanMs, unit: "ms", note: `worker round trip included; ${note}`},
    {name: "value: plain SELECT sum(total), p95 over runs", value: r.scanP95Ms, unit: "ms"},
    {name: "value: cube re-tier (JavaScript) / plain DuckDB-WASM aggregate", value: r.cubeMs / r.scanMs, unit: "×", target: "≤ 5×",
      note: "the re-tier needs no DuckDB round trip, the aggregate does; see the two figures below"},
    {name: "value: DuckDB-WASM round trip (SELECT 1)", value: r.roundTripMs, unit: "ms", note: "the floor under any DuckDB-WASM query in the page"},
    {name: "value: plain JavaScript sum over the customers' totals (Float64Array)", value: r.jsScanMs, unit: "ms", note: `mean of ${r.batch} sums`},
    {name: "value: cube re-tier / plain JavaScript sum (both in JavaScript)", value: r.cubeMs / r.jsScanMs, unit: "×", note: "the re-tier does not grow with customers; the sum does"},
    {name: "value: naive per-customer re-tier latency (DuckDB-WASM)", value: r.naiveMs, unit: "ms", note: `off-grid fallback and reference; ${note}`},
    {name: "value: naive per-customer re-tier / plain DuckDB-WASM aggregate", value: r.naiveMs / r.scanMs, unit: "×"}
  ];
}

/** Runs in `page` (opened on /value, or navigated there from a served dist/); without one, launches its own Chromium. */
export async function benchValue(page?: Page, {runs = 15, dist = "dist"}: {runs?: number; dist?: string} = {}): Promise<Figure[]> {
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
      const served = await serveDist(dist);
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
