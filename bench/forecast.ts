// Forecast figures: the build cost of docs/data/forecast.json.ts, the issue's targets read from that
// run's artifact exactly as the page reads them (a miss carries its evidence), and one category's
// re-run in node with the report's setup against ours. Standalone (runs the loader on the data the
// site builds on): npx tsx bench/forecast.ts
import {readFileSync} from "node:fs";
import {availableParallelism, loadavg, tmpdir} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {dailySeries} from "../docs/components/forecast-data.js";
import {checkTargets, coverageSummary} from "../docs/components/forecast-eval.js";
import {retrain} from "../docs/components/forecast-retrain.js";
import {buildRun, forecastInput, forecastSeriesArtifact} from "../loaders/forecast-input.js";
import {runForecasts, setupTf, type ForecastInput} from "../loaders/forecast.js";
import {openWarehouse} from "../loaders/warehouse.js";
import {REPORT_CATEGORIES} from "../src/categories.js";
import type {ForecastArtifacts} from "../src/forecast/artifacts.js";
import {memberSeeds} from "../src/forecast/backtest.js";
import {FAST_LSTM, REPORT_LSTM} from "../src/forecast/lstm.js";
import {runProcess, type Figure} from "./measure.js";

const LOADER = "docs/data/forecast.json.ts";
const BUILD_TARGET_S = 180;

export interface ForecastRun {
  /** wall time of the forecast loader and its stderr (which reports its CPU time) */
  ms: number;
  stderr: string;
  /** the loader's output file */
  output: string;
  /** the data and the cache (warehouse) it ran on */
  dataDir?: string;
  cacheDir?: string;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The issue's targets as figures: every category's number, with the verdict and, for a miss, the evidence. */
export function targetFigures(a: ForecastArtifacts): Figure[] {
  const figures: Figure[] = [];
  for (const t of checkTargets(a)) {
    figures.push({name: `forecast target: ${t.title}`, value: t.pass == null ? Number.NaN : t.pass ? 1 : 0, unit: "met", note: `${t.pass == null ? "not measurable" : t.pass ? "met" : "MISSED"}: ${t.summary}`});
    for (const r of t.rows) {
      // "81%", "0.337 × HW, …", "LSTM 1d: 0.27", "1d: 1.009 (every week 1.006)": the row's first figure
      const value = Number(r.value.match(/(?:^|: )(-?\d[\d.]*)(?=%| ×| \(|$)/)?.[1] ?? Number.NaN);
      figures.push({name: `forecast ${t.key}: ${r.en} ${r.value.replace(/:.*$/, "").replace(/[\d.]+%$/, "").trim()}`.trim(), value, unit: t.key === "coverage" ? "%" : "×", note: `${r.pass ? "met" : "missed"}; ${r.detail}`});
    }
  }
  const cov = a.categories.map(coverageSummary).filter((x) => x !== null);
  const n = cov.reduce((s, c) => s + c.n, 0);
  if (n) {
    const winkler = cov.reduce((s, c) => s + c.relativeWinkler * c.n, 0) / n;
    figures.push({name: "forecast: mean Winkler score of the drawn 80% ranges, relative to mean revenue", value: winkler, unit: "×", note: cov.map((c) => `${c.en} ${(c.winkler / 1e6).toFixed(2)} M KRW`).join("; ")});
    for (const h of ["1d", "1w", "1m"]) {
      const rows = cov.flatMap((c) => c.horizons.filter((x) => x.horizon === h));
      const covered = rows.reduce((s, x) => s + x.covered, 0);
      const total = rows.reduce((s, x) => s + x.n, 0);
      if (total) figures.push({name: `forecast: ${h} coverage of the drawn 80% ranges, pooled`, value: (100 * covered) / total, unit: "%", note: `${covered} of ${total}; fixed-level variant ${pct(rows.reduce((s, x) => s + (x.split?.rate ?? 0) * x.n, 0) / total)}`});
    }
  }
  return figures;
}

/** Other LSTM seeds the targets are checked with, and how many networks the averaged run takes. */
export const SENSITIVITY_SEEDS = [7, 1234];
export const SENSITIVITY_MEMBERS = 3;

/**
 * The targets again with the LSTM from other seeds, and with the mean of several networks: whether a
 * verdict holds or rides on one seed. The same input and settings as the build's run otherwise.
 */
export async function seedFigures(artifacts: ForecastArtifacts, all: ForecastInput): Promise<Figure[]> {
  const settings = artifacts.settings;
  const {input, options} = buildRun(all, () => {}, {maxCategories: settings.maxCategories, members: settings.members});
  const runs = [
    ...SENSITIVITY_SEEDS.map((seed) => ({label: `LSTM seed ${seed}`, lstm: {...settings.lstm, seed}, members: settings.members})),
    {label: `mean of ${SENSITIVITY_MEMBERS} LSTMs (seeds ${memberSeeds(settings.lstm.seed ?? FAST_LSTM.seed, SENSITIVITY_MEMBERS).join(", ")})`, lstm: settings.lstm, members: SENSITIVITY_MEMBERS}
  ];
  const figures: Figure[] = [];
  for (const r of runs) {
    const started = performance.now();
    const a = await runForecasts(input, {...options, lstm: r.lstm, members: r.members, timing: false, log: () => {}});
    const checks = checkTargets(a);
    const met = checks.filter((t) => t.pass).length;
    figures.push({name: `forecast targets met with ${r.label}`, value: met, unit: `of ${checks.length}`, note: `${((performance.now() - started) / 1000).toFixed(0)} s; ${checks.map((t) => `${t.key} ${t.pass ? "met" : "missed"} (${t.summary})`).join("; ")}`});
  }
  return figures;
}

/** Figures from one build's run of the forecast loader, plus one category's re-run in node. */
export async function benchForecast(loader: ForecastRun): Promise<Figure[]> {
  const figures: Figure[] = [];
  const cores = availableParallelism();
  const cpuS = Number(loader.stderr.match(/forecast loader: [\d.]+ s wall, ([\d.]+) s CPU/)?.[1]);
  figures.push({name: `forecast: build wall time of ${LOADER}`, value: loader.ms / 1000, unit: "s", note: `load average ${loadavg()[0].toFixed(1)} on ${cores} cores after it ran`});
  figures.push({name: `forecast: build CPU time of ${LOADER}`, value: cpuS, unit: "s", target: `≤ ${BUILD_TARGET_S} s`, note: `the loader and its training workers (one per core up to 4; tfjs wasm trains on 1 thread each)`});
  const artifacts = JSON.parse(readFileSync(loader.output, "utf8")) as ForecastArtifacts;
  figures.push(...targetFigures(artifacts));

  const {duck, info} = await openWarehouse({log: () => {}, dataDir: loader.dataDir, cacheDir: loader.cacheDir});
  const all = await forecastInput(duck);
  const series = await forecastSeriesArtifact(duck, info, all);
  duck.close();
  const full = artifacts.categories.filter((c) => c.status === "full").map((c) => c.category);
  const category = full.includes(REPORT_CATEGORIES[0]) ? REPORT_CATEGORIES[0] : full[0];
  if (!category) return figures;
  const {tf, backend} = await setupTf("wasm");
  const settings = artifacts.settings;
  const s = dailySeries(series, category, settings.holidayField, settings.features);
  const common = {features: settings.features, window: settings.window, exogenousLead: settings.exogenousLead, plan: {evalWeeks: settings.evalWeeks}, breaks: series.breaks};
  const report = await retrain(tf, s, {...common, lstm: REPORT_LSTM});
  const ours = await retrain(tf, s, {...common, lstm: FAST_LSTM});
  const rm = (r: typeof ours, h: string) => r.metrics.find((m) => m.model === "lstm" && m.horizon === h)?.rmse ?? Number.NaN;
  const note = (r: typeof ours) => `${r.training.epochsRun} epochs, held-out 1-week RMSE ${(rm(r, "1w") / 1e6).toFixed(2)} M KRW over ${r.dates.length / 7} weeks`;
  figures.push({name: `forecast: re-run ${category} in node (${backend}, one training), report setup`, value: report.ms / 1000, unit: "s", note: note(report)});
  figures.push({name: `forecast: re-run ${category} in node (${backend}, one training), ours (FAST_LSTM)`, value: ours.ms / 1000, unit: "s", note: note(ours)});
  figures.push({
    name: "forecast: re-run time, report setup ÷ ours",
    value: report.ms / ours.ms,
    unit: "×",
    note: `held-out RMSE ours ÷ report: ${["1d", "1w", "1m"].map((h) => `${h} ${(rm(ours, h) / rm(report, h)).toFixed(2)}`).join(", ")}`
  });
  figures.push(...(await seedFigures(artifacts, all)));
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const output = join(tmpdir(), "lpoint-bench-forecast.json");
  const run = await runProcess(process.execPath, ["--import", "tsx", LOADER], {stdoutFile: output, env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
  if (run.code !== 0) throw new Error(`${LOADER} exited with ${run.code}: ${run.stderr}`);
  for (const f of await benchForecast({ms: run.ms, stderr: run.stderr, output})) console.log(`${f.name.padEnd(72)} ${f.value.toPrecision(3).padStart(8)} ${f.unit.padEnd(3)} ${f.target ? `target ${f.target}` : ""}${f.note ? `  (${f.note})` : ""}`);
}
