/**
 * The build-time runner on a synthetic 11-category input (not part of the test suite; ~2–3 minutes):
 *   npx tsx test/forecast/bench-runner.ts [out.json]
 * Prints per-category cost, 1-week RMSE ratios against the baselines and interval coverage.
 */
import {writeFileSync} from "node:fs";
import {runForecasts} from "../../loaders/forecast.js";
import {syntheticInput} from "./helpers.js";

const a = await runForecasts(await syntheticInput(), {log: (m) => process.stderr.write(m + "\n")});
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(a));
const out = (s: string) => process.stdout.write(s + "\n");
const t = a.timing!;
out(`backend ${t.backend} (threads ${t.threads}), ${t.node}; total ${(t.totalMs / 1000).toFixed(1)} s; JSON ${(JSON.stringify(a).length / 1024).toFixed(0)} KiB`);
out("\n| category | forecast s | ablation s | epoch curve s | trainings | epochs | LSTM/HW 1d | 1w | 1m | LSTM/SN 1w | coverage (80%) | top backtest dip |\n|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const c of a.categories) {
  const ct = t.categories.find((x) => x.category === c.category)!;
  const r = (model: string, h: string) => c.backtest.metrics.find((m) => m.model === model && m.horizon === h)!.rmse!;
  const ratio = (base: string, h: string) => (r("lstm", h) / r(base, h)).toFixed(2);
  const cov = c.backtest.intervals?.overall;
  const dip = c.dips.backtest[0];
  out(`| ${c.en} | ${(ct.forecastMs / 1000).toFixed(1)} | ${(ct.ablationMs / 1000).toFixed(1)} | ${(ct.epochCurveMs / 1000).toFixed(1)} | ${ct.lstmTrainings} | ${ct.lstmEpochs} | ${ratio("holtWinters", "1d")} | ${ratio("holtWinters", "1w")} | ${ratio("holtWinters", "1m")} | ${ratio("seasonalNaive", "1w")} | ${cov ? `${cov.covered}/${cov.n}` : ""} | ${dip ? `${dip.start}..${dip.end} (${dip.minRatio})` : ""} |`);
}
