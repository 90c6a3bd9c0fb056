/**
 * Training-speed and accuracy benchmark (not part of the test suite; single-threaded, several minutes):
 *   npx tsx test/forecast/bench-training.ts [--seeds 11,12] [--no-report-backtest]
 * 1. one training on all 176 windows of a planted-effect synthetic series: the report's setup
 *    (REPORT_LSTM: 32 units, 300 epochs, batch 32, Adam 0.005) against ours (FAST_LSTM);
 * 2. the rolling-origin backtest (the build's plan: 13 test weeks, weekly refits) with each setup, against the baselines;
 * 3. ours with the report's window design (exogenousLead 0) and on a series without the Chuseok dip.
 */
import {setupTf} from "../../loaders/forecast.js";
import {backtest, type BacktestOptions, type BacktestResult} from "../../src/forecast/backtest.js";
import {evaluate} from "../../src/forecast/evaluate.js";
import {evaluationPlan} from "../../src/forecast/plan.js";
import {makeWindows, prepareFeatures} from "../../src/forecast/features.js";
import {FAST_LSTM, REPORT_LSTM, trainLstm, type LstmOptions} from "../../src/forecast/lstm.js";
import type {SyntheticOptions} from "../../src/forecast/synthetic.js";
import {calendar2018, synthetic2018} from "./helpers.js";

const args = process.argv.slice(2);
const seeds = (args.includes("--seeds") ? args[args.indexOf("--seeds") + 1] : "11,12").split(",").map(Number);
const reportBacktest = !args.includes("--no-report-backtest");
const {tf, backend} = await setupTf("wasm");
const out = (s: string) => process.stdout.write(s + "\n");
const m = (x: number) => (x / 1e6).toFixed(2);
out(`backend ${backend}, node ${process.version}, seeds ${seeds.join(",")}`);

async function timeTraining(name: string, o: LstmOptions, seed: number) {
  const p = prepareFeatures(await synthetic2018({seed}));
  const w = makeWindows(p);
  const t0 = performance.now();
  const r = await trainLstm(tf, w, o);
  const s = (performance.now() - t0) / 1000;
  r.model.dispose();
  out(`| ${name} | ${w.x.length} | ${r.epochsRun} | ${r.bestEpoch} | ${s.toFixed(1)} s | ${((1000 * s) / r.epochsRun).toFixed(0)} ms | ${r.loss.at(-1)!.toExponential(2)} |`);
  return s;
}

out("\n## one training, all windows\n\n| setup | samples | epochs run | best | time | per epoch | last train loss |\n|---|---|---|---|---|---|---|");
const tReport = await timeTraining("report (32u, 300 ep, batch 32, lr 0.005)", REPORT_LSTM, seeds[0]);
const tOurs = await timeTraining("ours (FAST_LSTM)", FAST_LSTM, seeds[0]);
out(`\nspeed-up ${(tReport / tOurs).toFixed(1)}×`);

async function run(series: Awaited<ReturnType<typeof synthetic2018>>, options: Omit<BacktestOptions, "plan">): Promise<{r: BacktestResult; s: number}> {
  const t0 = performance.now();
  const plan = evaluationPlan(series.revenue.length, {lstm: true});
  if (!plan.ok) throw new Error(plan.reason);
  const r = await backtest(tf, series, {...options, plan: plan.plan});
  return {r, s: (performance.now() - t0) / 1000};
}

/** The series the backtests below run on (one at a time). */
let current: number[] = [];
const rmse = (r: BacktestResult, model: string, h: string) => evaluate(current, r.plan, r.start, r.paths, {}).scores.find((f) => f.model === model && f.horizon === h)!.metrics.rmse;
const row = (seed: number, r: BacktestResult, model: string, s: number | null, label = model) =>
  out(`| ${seed} | ${label} | ${["1d", "1w", "1m"].map((h) => m(rmse(r, model, h))).join(" | ")} | ${s === null ? "" : s.toFixed(1) + " s"} |`);

async function compare(title: string, synth: SyntheticOptions, withReport: boolean) {
  out(`\n## backtest: ${title} (RMSE, million KRW; the build's 13 test weeks, weekly refits)\n\n| seed | model | 1d | 1w | 1m | LSTM time |\n|---|---|---|---|---|---|`);
  const ratios: {hw: number; sn: number}[] = [];
  for (const seed of seeds) {
    const series = await synthetic2018({seed, ...synth});
    current = series.revenue;
    const base = await run(series, {models: ["holtWinters", "seasonalNaive", "movingAverage"]});
    for (const model of ["holtWinters", "seasonalNaive", "movingAverage"]) row(seed, base.r, model, null);
    const ours = await run(series, {models: ["lstm"]});
    row(seed, ours.r, "lstm", ours.s, "lstm (ours, warm-started refits)");
    if (withReport) {
      const report = await run(series, {models: ["lstm"], lstm: REPORT_LSTM, warmStart: false});
      row(seed, report.r, "lstm", report.s, "lstm (report setup, retrained per refit)");
    }
    const lead0 = await run(series, {models: ["lstm"], exogenousLead: 0});
    row(seed, lead0.r, "lstm", lead0.s, "lstm (ours, report's window: exogenousLead 0)");
    const l = rmse(ours.r, "lstm", "1w");
    ratios.push({hw: l / rmse(base.r, "holtWinters", "1w"), sn: l / rmse(base.r, "seasonalNaive", "1w")});
  }
  out(`\n1-week RMSE ratios, ours: vs Holt-Winters ${ratios.map((x) => x.hw.toFixed(2)).join(", ")} (target ≤ 0.9); vs seasonal naive ${ratios.map((x) => x.sn.toFixed(2)).join(", ")} (target ≤ 0.8)`);
}

await compare("planted effects incl. a Chuseok-like dip", {}, reportBacktest);
const offBeforeWindow = (await calendar2018()).filter((d) => d.dayOff && d.date < "2018-09-03").map((d) => d.date);
await compare("no extra dip, no days off in the last 28 days", {dip: null, daysOff: offBeforeWindow}, false);
