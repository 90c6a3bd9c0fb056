// Forecast figures: the build cost of docs/data/forecast.json.ts, the LSTM's 1-week RMSE against the
// baselines per category (from that run's artifact), and one category's re-train in node with the
// report's setup against ours. Standalone (runs the loader on the default data): npx tsx bench/forecast.ts
import {readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {availableParallelism, loadavg} from "node:os";
import {pathToFileURL} from "node:url";
import {dailySeries} from "../docs/components/forecast-data.js";
import {checkTargets} from "../docs/components/forecast-eval.js";
import {retrain} from "../docs/components/forecast-retrain.js";
import {forecastSeriesArtifact} from "../loaders/forecast-input.js";
import {setupTf} from "../loaders/forecast.js";
import {openWarehouse} from "../loaders/warehouse.js";
import {REPORT_CATEGORIES} from "../src/categories.js";
import type {ForecastArtifacts} from "../src/forecast/artifacts.js";
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

/** Figures from one build's run of the forecast loader, plus one category's re-train in node. */
export async function benchForecast(loader: ForecastRun): Promise<Figure[]> {
  const figures: Figure[] = [];
  const cores = availableParallelism();
  const cpuS = Number(loader.stderr.match(/forecast loader: [\d.]+ s wall, ([\d.]+) s CPU/)?.[1]);
  figures.push({name: `forecast: build wall time of ${LOADER}`, value: loader.ms / 1000, unit: "s", note: `load average ${loadavg()[0].toFixed(1)} on ${cores} cores after it ran`});
  figures.push({name: `forecast: build CPU time of ${LOADER}`, value: cpuS, unit: "s", target: `≤ ${BUILD_TARGET_S} s (about the wall time on ${cores} idle cores: tfjs wasm runs on 1 thread)`});
  const artifacts = JSON.parse(readFileSync(loader.output, "utf8")) as ForecastArtifacts;

  const {duck, info} = await openWarehouse({log: () => {}, dataDir: loader.dataDir, cacheDir: loader.cacheDir});
  const series = await forecastSeriesArtifact(duck, info);
  duck.close();

  for (const t of checkTargets(artifacts, series)) {
    for (const r of t.results) {
      figures.push({
        name: `forecast: ${t.en} LSTM ÷ ${r.model === "holtWinters" ? "Holt-Winters" : "seasonal naive"}, 1-week RMSE`,
        value: r.ratio ?? Number.NaN,
        unit: "×",
        target: `≤ ${r.max}`,
        note: r.pass ? "met" : "missed"
      });
    }
  }

  const category = REPORT_CATEGORIES[0];
  const {tf, backend} = await setupTf("wasm");
  const s = dailySeries(series, category, artifacts.settings.holidayField);
  const common = {features: artifacts.settings.features, window: artifacts.settings.window, exogenousLead: artifacts.settings.exogenousLead, evalDays: artifacts.settings.evalDays, baselines: false};
  const report = await retrain(tf, s, {...common, lstm: REPORT_LSTM});
  const ours = await retrain(tf, s, {...common, lstm: FAST_LSTM});
  const note = (r: typeof ours) => `${r.training.epochsRun} epochs, held-out 1-month RMSE ${(r.metrics["1m"].rmse / 1e6).toFixed(2)} M KRW`;
  figures.push({name: `forecast: re-train ${category} in node (${backend}), report setup`, value: report.ms / 1000, unit: "s", note: note(report)});
  figures.push({name: `forecast: re-train ${category} in node (${backend}), ours (FAST_LSTM)`, value: ours.ms / 1000, unit: "s", note: note(ours)});
  figures.push({
    name: "forecast: re-train time, report setup ÷ ours",
    value: report.ms / ours.ms,
    unit: "×",
    note: `held-out RMSE ours ÷ report: 1 d ${(ours.metrics["1d"].rmse / report.metrics["1d"].rmse).toFixed(2)}, 1 w ${(ours.metrics["1w"].rmse / report.metrics["1w"].rmse).toFixed(2)}, 1 m ${(ours.metrics["1m"].rmse / report.metrics["1m"].rmse).toFixed(2)}`
  });
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const output = join(tmpdir(), "lpoint-bench-forecast.json");
  const run = await runProcess(process.execPath, ["--import", "tsx", LOADER], {stdoutFile: output, env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
  if (run.code !== 0) throw new Error(`${LOADER} exited with ${run.code}: ${run.stderr}`);
  for (const f of await benchForecast({ms: run.ms, stderr: run.stderr, output})) console.log(`${f.name.padEnd(72)} ${f.value.toPrecision(3).padStart(8)} ${f.unit.padEnd(3)} ${f.target ? `target ${f.target}` : ""}${f.note ? `  (${f.note})` : ""}`);
}
