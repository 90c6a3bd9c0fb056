// Lifetime value: fit time of BG/NBD + Gamma-Gamma at full scale, in Node and in Chromium, each beside
// its target (700K customers: under 10 s in Node, under 30 s in the browser).
//   Node:     a deterministic cohort of 700,000 simulated customers (whole days, two years of first
//             purchases); and, when the bench built a site, the twin's own buyers from its warehouse.
//   Chromium: the page's own re-fit of every buyer on the built site (window.__clvBench, in its Web
//             Worker); and the same 700,000-customer cohort simulated and fitted inside a page with the
//             site's library modules, which measures the browser at 700K whatever the site's scale.
// Also the first-load transfer of /clv. Standalone: npx tsx bench/clv.ts [--dist dist] [--skip-browser]
import {execFile} from "node:child_process";
import {readdirSync} from "node:fs";
import {join} from "node:path";
import {parseArgs, promisify} from "node:util";
import {createClvSummary, fitModels, rfmGroups, spendGroups} from "../loaders/clv.js";
import {openDuck} from "../loaders/duck.js";
import {fitBgNbd, fitGammaGamma, simulateBgNbd, simulateGammaGammaSpend} from "../src/clv/index.js";
import {settle} from "../test/browser/harness.js";
import type {Refit} from "../docs/components/clv-model.js";
import type {Figure} from "./measure.js";
import {onBuiltSite} from "./site.js";

declare global {
  interface Window {
    __clvBench?: () => Promise<Refit>;
  }
}

const COHORT = 700_000;
const TRUTH = {r: 0.6, alpha: 40, a: 0.8, b: 2.5};
const SPEND = {p: 6, q: 4, gamma: 60};
const NODE_TARGET = "< 10 s (700K customers)";
const BROWSER_TARGET = "< 30 s (700K customers)";

/** The cohort as grouped columns would reach a fit: simulated once, both models fitted, timed. */
function nodeCohort(): Figure[] {
  const customers = simulateBgNbd(TRUTH, {customers: COHORT, seed: 2024, minT: 0, maxT: 730, wholeUnits: true});
  const monetary = simulateGammaGammaSpend(SPEND, customers.map((c) => c.frequency), {seed: 2024});
  const rows = customers.map((c, i) => ({frequency: c.frequency, recency: c.recency, T: c.T, monetary: monetary[i]}));
  let t0 = performance.now();
  const bg = fitBgNbd(rows);
  const bgMs = performance.now() - t0;
  t0 = performance.now();
  const gg = fitGammaGamma(rows.filter((c) => c.frequency > 0));
  const ggMs = performance.now() - t0;
  return [
    {name: "clv: Node fit, 700K simulated customers (BG/NBD + Gamma-Gamma)", value: (bgMs + ggMs) / 1000, unit: "s", target: NODE_TARGET,
      note: `BG/NBD ${(bgMs / 1000).toFixed(2)} s over ${bg.groups.toLocaleString("en-US")} distinct summaries, ${bg.iterations} iterations; Gamma-Gamma ${(ggMs / 1000).toFixed(2)} s on ${gg.n.toLocaleString("en-US")} repeat buyers; ${process.version}`}
  ];
}

/** Both models on the twin's buyers, from a built warehouse (the bench's full-scale site). */
async function nodeWarehouse(warehouse: string): Promise<Figure[]> {
  const duck = await openDuck(warehouse, {readOnly: true});
  try {
    let t0 = performance.now();
    await createClvSummary(duck);
    const rfm = await rfmGroups(duck);
    const spend = await spendGroups(duck);
    const summaryMs = performance.now() - t0;
    t0 = performance.now();
    const {bg, gg} = fitModels(rfm, spend);
    const fitMs = performance.now() - t0;
    return [{name: `clv: Node fit, the twin's ${bg.n.toLocaleString("en-US")} buyers (BG/NBD + Gamma-Gamma)`, value: fitMs / 1000, unit: "s", target: NODE_TARGET,
      note: `${bg.groups.toLocaleString("en-US")} + ${gg.groups.toLocaleString("en-US")} distinct summaries; the SQL summaries before it ${(summaryMs / 1000).toFixed(1)} s`}];
  } finally {
    duck.close();
  }
}

async function browserFigures(dist: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  await onBuiltSite(dist, async (context, url) => {
    // first load: everything /clv fetches before a control is touched
    const page = await context.newPage();
    let bytes = 0;
    page.on("response", (r) => void (bytes += Number(r.headers()["content-length"] ?? 0)));
    await page.goto(`${url}/clv`);
    await settle(page, 180_000);
    const shipped = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => /\/_file\/data\/clv/.test(e.name)).map((e) => `${e.name.split("/").pop()} ${((e as PerformanceResourceTiming).encodedBodySize / 1e3).toFixed(0)} kB`));
    figures.push({name: "clv: first load of /clv (transfer)", value: bytes / 1e6, unit: "MB", note: `no engine; data: ${shipped.join(", ")}`});

    // the page's own re-fit of every buyer, in its worker
    const fitted = await page.evaluate(() => document.querySelector("#clv-status")?.getAttribute("data-fitted") === "true");
    if (fitted) {
      const r = await page.evaluate(() => window.__clvBench!());
      const ms = r.result.ms.bg + r.result.ms.gg;
      figures.push({name: `clv: browser re-fit on the site, ${r.result.bg.customers.toLocaleString("en-US")} buyers (BG/NBD + Gamma-Gamma)`, value: ms / 1000, unit: "s", target: BROWSER_TARGET,
        note: `in the page's ${r.result.where === "worker" ? "Web Worker" : "thread"}; ${r.result.bg.groups.toLocaleString("en-US")} + ${(r.result.gg?.groups ?? 0).toLocaleString("en-US")} distinct summaries fetched in ${(r.dataMs / 1000).toFixed(2)} s; ${(r.result.wallMs / 1000).toFixed(2)} s round trip; parameters within ${r.maxRelDiff.toExponential(1)} of the build's`});
    }

    // 700K simulated customers inside a page, with the site's own library modules
    const libDir = join(dist, "_import/lib/clv");
    const index = readdirSync(libDir).find((f) => /^index\.[0-9a-f]+\.js$/.test(f));
    if (!index) throw new Error(`no library module in ${libDir}`);
    const cohort = await page.evaluate(async ({module, n, truth, spend}) => {
      const lib = await import(module);
      const customers = lib.simulateBgNbd(truth, {customers: n, seed: 2024, minT: 0, maxT: 730, wholeUnits: true});
      const monetary: number[] = lib.simulateGammaGammaSpend(spend, customers.map((c: {frequency: number}) => c.frequency), {seed: 2024});
      const rows = customers.map((c: {frequency: number; recency: number; T: number}, i: number) => ({frequency: c.frequency, recency: c.recency, T: c.T, monetary: monetary[i]}));
      let t0 = performance.now();
      const bg = lib.fitBgNbd(rows);
      const bgMs = performance.now() - t0;
      t0 = performance.now();
      const gg = lib.fitGammaGamma(rows.filter((c: {frequency: number}) => c.frequency > 0));
      return {bgMs, ggMs: performance.now() - t0, groups: bg.groups, repeat: gg.n, ua: navigator.userAgent};
    }, {module: `/_import/lib/clv/${index}`, n: COHORT, truth: TRUTH, spend: SPEND});
    figures.push({name: "clv: browser fit, 700K simulated customers in a page (BG/NBD + Gamma-Gamma)", value: (cohort.bgMs + cohort.ggMs) / 1000, unit: "s", target: BROWSER_TARGET,
      note: `BG/NBD ${(cohort.bgMs / 1000).toFixed(2)} s over ${cohort.groups.toLocaleString("en-US")} distinct summaries, Gamma-Gamma ${(cohort.ggMs / 1000).toFixed(2)} s on ${cohort.repeat.toLocaleString("en-US")} repeat buyers; ${/Chrome\/[\d.]+/.exec(cohort.ua)?.[0] ?? "Chromium"}`});
  });
  return figures;
}

/** The warehouse file a project copy built for `env` (its twin's buyers are fitted in Node too). */
async function warehouseOf(site: string, env: NodeJS.ProcessEnv): Promise<string> {
  const {stdout} = await promisify(execFile)(process.execPath, ["--import", "tsx", "-e", `import("./loaders/warehouse.ts").then(async (m) => console.log((await m.ensureWarehouse({log: () => {}})).path))`], {cwd: site, env});
  return stdout.trim().split("\n").pop()!;
}

/** Every CLV figure; with `site` (a project copy and its env), the twin's buyers of its warehouse are fitted in Node too. */
export async function benchClv({dist = "dist", warehouse, site, browser = true}: {dist?: string; warehouse?: string; site?: {dir: string; env: NodeJS.ProcessEnv}; browser?: boolean} = {}): Promise<Figure[]> {
  const figures = nodeCohort();
  if (!warehouse && site) warehouse = await warehouseOf(site.dir, site.env);
  if (warehouse) figures.push(...(await nodeWarehouse(warehouse)));
  if (browser) figures.push(...(await browserFigures(dist)));
  return figures;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const {values} = parseArgs({options: {dist: {type: "string", default: "dist"}, warehouse: {type: "string"}, "skip-browser": {type: "boolean", default: false}}});
  for (const f of await benchClv({dist: values.dist, warehouse: values.warehouse, browser: !values["skip-browser"]})) {
    console.log(`${f.name.padEnd(84)} ${f.value.toPrecision(3).padStart(8)} ${f.unit.padEnd(3)} ${f.target ? `target ${f.target}` : ""}${f.note ? `  (${f.note})` : ""}`);
  }
}
