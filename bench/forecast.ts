// Forecast figures: the build cost of docs/data/forecast.json.ts, the LSTM's 1-week RMSE against the
// baselines per category (from that run's artifact), and one category's re-train in node with the
// report's setup against ours. Standalone: npx tsx bench/forecast.ts
import {spawn} from "node:child_process";
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
import type {Figure} from "./measure.js";

const LOADER = "docs/data/forecast.json.ts";
const BUILD_TARGET_S = 180;

function runLoader(): Promise<{ms: number; stdout: string; stderr: string; cpuLoad: number}> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const load = loadavg()[0];
    const child = spawn(process.execPath, ["--import", "tsx", LOADER], {env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}, stdio: ["ignore", "pipe", "pipe"]});
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-8000)));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${LOADER} exited with ${code}: ${stderr.split("\n").slice(-4).join(" ")}`));
      resolve({ms: performance.now() - started, stdout: Buffer.concat(out).toString("utf8"), stderr, cpuLoad: Math.max(load, loadavg()[0])});
    });
  });
}

export async function benchForecast(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const cores = availableParallelism();

  const loader = await runLoader();
  const cpuS = Number(loader.stderr.match(/forecast loader: [\d.]+ s wall, ([\d.]+) s CPU/)?.[1]);
  figures.push({name: `forecast: build wall time of ${LOADER}`, value: loader.ms / 1000, unit: "s", note: `load average ${loader.cpuLoad.toFixed(1)} on ${cores} cores while it ran`});
  figures.push({name: `forecast: build CPU time of ${LOADER}`, value: cpuS, unit: "s", target: `≤ ${BUILD_TARGET_S} s (about the wall time on ${cores} idle cores: tfjs wasm runs on 1 thread)`});
  const artifacts = JSON.parse(loader.stdout) as ForecastArtifacts;

  const {duck, info} = await openWarehouse({log: () => {}});
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
  for (const f of await benchForecast()) console.log(`${f.name.padEnd(72)} ${f.value.toPrecision(3).padStart(8)} ${f.unit.padEnd(3)} ${f.target ? `target ${f.target}` : ""}${f.note ? `  (${f.note})` : ""}`);
}
