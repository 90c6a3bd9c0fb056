// npm run bench [-- --scale full|demo] [--seed N] [--skip-browser] [--skip-generate]
// Every figure is a ratio or a size measured in this one run (the machine is shared and noisy).
// Results: printed, and written to bench/results/latest-<scale>.json.
import {existsSync, mkdirSync, readdirSync, statSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {openDuck} from "../loaders/duck.js";
import {locateRawFiles} from "../loaders/warehouse.js";
import {ratio, runProcess, type Figure} from "./measure.js";

const {values} = parseArgs({options: {scale: {type: "string", default: "full"}, seed: {type: "string", default: "20180401"},
  "skip-browser": {type: "boolean", default: false}, "skip-generate": {type: "boolean", default: false}}});
const scale = values.scale!;
const seed = values.seed!;
const dataDir = resolve(`.cache/bench/${scale}-${seed}`);
const figures: Figure[] = [];
const add = (f: Figure) => {
  figures.push(f);
  console.log(`${f.name.padEnd(64)} ${formatValue(f.value).padStart(12)} ${f.unit.padEnd(8)} ${f.target ? `target ${f.target}` : ""}${f.note ? `  (${f.note})` : ""}`);
};
const tsx = ["--import", "tsx"];

function formatValue(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : "n/a";
}

console.log(`bench: scale ${scale}, seed ${seed}, data in ${dataDir}\n`);

// 1. The generator, on its own.
if (!values["skip-generate"] || !existsSync(join(dataDir, "truth.json"))) {
  const gen = await runProcess("node", [...tsx, "loaders/generate-cli.ts", "--scale", scale, "--seed", seed, "--out", dataDir, "--quiet"]);
  if (gen.code !== 0) throw new Error(`generate failed: ${gen.stderr}`);
  add({name: "generate: wall time", value: gen.ms / 1000, unit: "s"});
  add({name: "generate: peak memory", value: gen.peakRssMb, unit: "MB", note: "streams: flat as scale grows"});
}
const files = locateRawFiles(dataDir);
const bytes = Object.values(files).reduce((s, f) => s + statSync(f).size, 0);
add({name: "input: size of the six files", value: bytes / 1e6, unit: "MB"});

// 2. A plain DuckDB scan of the same files: the yardstick for ingest and loaders.
const duck = await openDuck();
let t0 = performance.now();
for (const f of Object.values(files)) await duck.query(`SELECT count(*) AS n FROM read_csv('${f.replaceAll("'", "''")}', all_varchar = true, header = true, quote = '"', escape = '"')`);
const scanMs = performance.now() - t0;
duck.close();
add({name: "plain DuckDB scan of the six files", value: scanMs / 1000, unit: "s"});

// 3. Ingest (warehouse build) and every data loader, as the build runs them.
const env = {...process.env, LPOINT_DATA_DIR: dataDir, OBSERVABLE_TELEMETRY_DISABLE: "true"};
const ingest = await runProcess("node", [...tsx, "-e", `import("./loaders/warehouse.ts").then((m) => m.ensureWarehouse())`], {env});
if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
add({name: "ingest (warehouse build) / plain scan", value: ratio(ingest.ms, scanMs), unit: "×", target: "≤ 3×", note: `${(ingest.ms / 1000).toFixed(1)} s`});
let loadersMs = 0;
let trainingMs = 0;
let peak = ingest.peakRssMb;
for (const loader of readdirSync("docs/data").filter((f) => /\.(json|parquet)\.ts$/.test(f)).sort()) {
  const run = await runProcess("node", [...tsx, `docs/data/${loader}`], {env});
  if (run.code !== 0) {
    add({name: `loader ${loader}: FAILED`, value: Number.NaN, unit: "", note: run.stderr.split("\n").slice(-3).join(" ")});
    continue;
  }
  peak = Math.max(peak, run.peakRssMb);
  if (loader === "forecast.json.ts") trainingMs += run.ms;
  else loadersMs += run.ms;
  add({name: `loader ${loader}`, value: run.ms / 1000, unit: "s", note: `${(run.stdoutBytes / 1e6).toFixed(2)} MB out, ${run.peakRssMb} MB peak`});
}
add({name: "ingest + every data loader (model training excluded) / plain scan", value: ratio(ingest.ms + loadersMs, scanMs), unit: "×", target: "≤ 3×"});
add({name: "model training loaders (do not grow with the data)", value: trainingMs / 1000, unit: "s"});
add({name: "build peak memory (largest process tree)", value: peak, unit: "MB", target: "< 24,000 with margin"});

// 4. Forecast training cost (node): report setup vs ours.
await section("forecast", async () => (await import("./forecast.js")).benchForecast());

// 5. Browser figures on the built site (npm run build first; uses the default data of dist/).
if (!values["skip-browser"]) {
  await section("browser", async () => (await import("./browser.js")).benchBrowser());
  await section("value", async () => (await import("./value.js")).benchValue());
  await section("preference", async () => (await import("./preference.js")).benchPreference());
}

mkdirSync("bench/results", {recursive: true});
const out = `bench/results/latest-${scale}.json`;
writeFileSync(out, JSON.stringify({scale, seed, date: new Date().toISOString(), figures}, null, 2));
console.log(`\nwrote ${out}`);

async function section(name: string, fn: () => Promise<Figure[]>): Promise<void> {
  try {
    for (const f of await fn()) add(f);
  } catch (error) {
    add({name: `${name}: not measured`, value: Number.NaN, unit: "", note: (error as Error).message.split("\n")[0]});
  }
}
