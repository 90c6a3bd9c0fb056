// One LSTM re-run for the page (and the node bench): the build's own rolling-origin backtest, plan,
// intervals and error tables (library code), with the reader's inputs, window, epochs and seed, and
// either one training before the first forecast or the build's weekly refits.
import {backtest, BACKTEST_DEFAULTS, type ModelName} from "../lib/forecast/backtest.js";
import {BREAK_DEFAULTS} from "../lib/forecast/breaks.js";
import {conformalIntervals, type ConformalOptions, type ConformalResult} from "../lib/forecast/conformal.js";
import {evaluate, evaluatedDays, forecastOf, HORIZONS, rmseOnDays} from "../lib/forecast/evaluate.js";
import {FEATURES, type DailySeries, type Feature, type RevenueScale} from "../lib/forecast/features.js";
import {FAST_LSTM, type EpochInfo, type LstmOptions, type TF} from "../lib/forecast/lstm.js";
import {observedSeries, withMissing} from "../lib/forecast/gaps.js";
import {categoryStatus, type PlanOptions, type StatusOptions} from "../lib/forecast/plan.js";

export interface RetrainOptions {
  features?: readonly Feature[];
  window?: number;
  /** maximum epochs (early stopping as in FAST_LSTM) */
  epochs?: number;
  seed?: number;
  exogenousLead?: 0 | 1;
  /** "minmax" (the build's and the report's) or "window": revenue divided by each window's mean */
  revenueScale?: RevenueScale;
  /** other training options (e.g. the report's setup); `epochs` and `seed` above win */
  lstm?: LstmOptions;
  /** "once": one training before the first forecast (fast); "weekly": the build's warm-started weekly refits */
  refit?: "once" | "weekly";
  /** days of one-step errors that shift each LSTM path (the build's 7; 0: none) */
  levelCorrection?: number;
  /** the build's plan and status settings, so the re-run is tested on the same weeks */
  plan?: PlanOptions & Pick<StatusOptions, "maxZeroShareLstm">;
  intervals?: ConformalOptions & {shown?: "adaptive" | "split"};
  /** the holiday-break days (flag: cut-off to last holiday; after: catch-up) and a break day's assumed share of a normal day's sales */
  breaks?: {flag: readonly number[]; after: readonly number[]; salesShare?: number} | null;
  /** every epoch of every training; `refit` counts the trainings from 1 */
  onEpoch?: (info: EpochInfo & {refit: number; refits: number}) => void | Promise<void>;
  signal?: AbortSignal;
}

export type RetrainHorizon = "1d" | "1w" | "1m";

export interface RetrainResult {
  /** breakShare: the assumed share of a normal day's sales on a break day (null: no break marked) */
  settings: {features: Feature[]; window: number; epochs: number; seed: number; exogenousLead: 0 | 1; refit: "once" | "weekly"; revenueScale: RevenueScale; levelCorrection: number; breakShare: number | null};
  calStart: string;
  evalStart: string;
  /** held-out days and the re-run LSTM's 1-day and 1-week forecasts of them, each day once */
  dates: string[];
  actual: number[];
  oneStep: number[];
  week: number[];
  /** RMSE per model and horizon over the same evaluated weeks as the build */
  metrics: {model: ModelName; horizon: string; rmse: number; n: number}[];
  /** the re-run LSTM's own intervals: coverage and Winkler score per horizon */
  coverage: {horizon: string; variant: "adaptive" | "split"; covered: number; n: number; rate: number; meanWidth: number; winkler: number}[];
  training: {refits: number; epochsRun: number; lastBestEpoch: number; stoppedEarly: boolean};
  /** the re-run LSTM's RMSE over the holiday-break days of the test weeks, at 1 day and 1 week (null: none there) */
  holidayBreak: {days: string[]; rows: {horizon: string; rmse: number; n: number}[]} | null;
  ms: number;
}

/** Whether the page can re-train a category, and why not (the same test as the build's). */
export function retrainable(series: Pick<DailySeries, "revenue" | "missing">, options: RetrainOptions["plan"] = {}): {ok: boolean; reason: string} {
  const s = categoryStatus(observedSeries(series).filled, options);
  return s.status === "full" ? {ok: true, reason: ""} : {ok: false, reason: s.reason};
}

export async function retrain(tf: TF, series: DailySeries, options: RetrainOptions = {}): Promise<RetrainResult> {
  const started = performance.now();
  const features = [...(options.features ?? FEATURES)];
  const window = options.window ?? 7;
  const exogenousLead = options.exogenousLead ?? 1;
  const epochs = options.epochs ?? options.lstm?.epochs ?? FAST_LSTM.epochs;
  const seed = options.seed ?? options.lstm?.seed ?? FAST_LSTM.seed;
  const refit = options.refit ?? "once";
  const revenueScale = options.revenueScale ?? "minmax";
  const levelCorrection = options.levelCorrection ?? BACKTEST_DEFAULTS.levelCorrection;
  if (!Number.isInteger(seed)) throw new Error(`invalid seed: ${seed}`);
  if (refit !== "once" && refit !== "weekly") throw new Error(`invalid refit: ${JSON.stringify(refit)}`);
  // as the build: days without a record read filled, scored nowhere
  const {filled, observed: y, missing} = observedSeries(series);
  const status = categoryStatus(filled, options.plan);
  if (status.status !== "full" || !status.plan) throw new Error(`this category cannot be re-trained: ${status.reason}`);
  const plan = withMissing(status.plan, missing);
  const origins = [plan.calStart];
  if (refit === "weekly") for (let r = plan.evalStart; r < plan.n; r += plan.refitEvery) if (r > plan.calStart) origins.push(r);
  const bt = await backtest(tf, {...series, revenue: filled}, {
    plan,
    models: ["lstm", "holtWinters", "regression", "seasonalNaive", "movingAverage"],
    features,
    window,
    exogenousLead,
    revenueScale,
    lstm: {...FAST_LSTM, ...options.lstm, epochs, seed},
    refit,
    levelCorrection,
    breaks: options.breaks ?? undefined,
    signal: options.signal,
    onProgress: (p) => (p.epoch ? options.onEpoch?.({...p.epoch, refit: origins.indexOf(series.dates.indexOf(p.origin)) + 1, refits: origins.length}) : undefined)
  });
  const intervals: Partial<Record<ModelName, ConformalResult>> = {lstm: conformalIntervals(y, bt.paths.lstm!, bt.start, options.intervals)};
  const ev = evaluate(y, plan, bt.start, bt.paths, intervals, {horizons: HORIZONS});
  const day = ev.windows["1d"]?.evaluation.flatMap((w) => w.pairs) ?? [];
  const week = ev.windows["1w"]?.evaluation.flatMap((w) => w.pairs) ?? [];
  const refits = Math.max(1, bt.lstm?.refits.length ?? 0);
  const breakTargets = options.breaks ? evaluatedDays(plan, options.breaks.flag.slice(0, y.length)) : [];
  const last = bt.lstm?.refits.at(-1);
  return {
    settings: {features: bt.lstm?.features ?? features, window, epochs, seed, exogenousLead, refit, revenueScale, levelCorrection, breakShare: options.breaks ? (options.breaks.salesShare ?? BREAK_DEFAULTS.salesShare) : null},
    calStart: series.dates[plan.calStart],
    evalStart: series.dates[plan.evalStart],
    dates: day.map((p) => series.dates[p.target]),
    actual: day.map((p) => y[p.target]),
    oneStep: day.map((p) => forecastOf(bt.paths.lstm!, bt.start, p)),
    week: week.map((p) => forecastOf(bt.paths.lstm!, bt.start, p)),
    metrics: ev.scores.map((s) => ({model: s.model, horizon: s.horizon, rmse: s.metrics.rmse, n: s.metrics.n})),
    coverage: ev.coverage.filter((r) => r.model === "lstm").map(({horizon, variant, covered, n, rate, meanWidth, winkler}) => ({horizon, variant, covered, n, rate, meanWidth, winkler})),
    training: {refits, epochsRun: bt.lstm?.refits.reduce((a, r) => a + r.epochsRun, 0) ?? 0, lastBestEpoch: last?.bestEpoch ?? 0, stoppedEarly: last?.stoppedEarly ?? false},
    holidayBreak: breakTargets.length
      ? {days: breakTargets.map((i) => series.dates[i]), rows: HORIZONS.filter((h) => h.steps <= 7).map((h) => {
          const e = rmseOnDays(y, plan, bt.start, bt.paths.lstm!, breakTargets, h);
          return {horizon: h.key, rmse: e.rmse, n: e.n};
        })}
      : null,
    ms: performance.now() - started
  };
}
