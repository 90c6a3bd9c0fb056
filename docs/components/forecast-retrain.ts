// One LSTM re-train for the page (and the node bench): train on the days before the held-out window,
// then forecast the window 1 step, 1 week and 28 days ahead, with the baselines on the same days.
import {backtest} from "../lib/forecast/backtest.js";
import {FEATURES, makeWindows, prepareFeatures, type DailySeries, type Feature} from "../lib/forecast/features.js";
import {FAST_LSTM, forecastOneStep, forecastRecursive, trainLstm, type EpochInfo, type LstmOptions, type TF} from "../lib/forecast/lstm.js";
import {errorMetrics, type ErrorMetrics} from "../lib/forecast/metrics.js";

export interface RetrainOptions {
  features?: readonly Feature[];
  window?: number;
  /** maximum epochs (early stopping as in FAST_LSTM) */
  epochs?: number;
  seed?: number;
  /** the held-out window: the last `evalDays` days */
  evalDays?: number;
  exogenousLead?: 0 | 1;
  /** other training options (e.g. the report's setup); `epochs` and `seed` above win */
  lstm?: LstmOptions;
  /** also score Holt-Winters and seasonal naive on the window (cheap, no tf) */
  baselines?: boolean;
  onEpoch?: (info: EpochInfo) => void | Promise<void>;
  signal?: AbortSignal;
}

export type RetrainHorizon = "1d" | "1w" | "1m";

export interface RetrainResult {
  settings: {features: Feature[]; window: number; epochs: number; seed: number; exogenousLead: 0 | 1; evalDays: number};
  evalStart: string;
  dates: string[];
  actual: number[];
  /** each day from the 7 actual days before it */
  oneStep: number[];
  /** recursive from weekly origins (the window start, +7, +14, …) */
  week: number[];
  /** one recursive forecast of the whole window from its first day */
  fullStep: number[];
  metrics: Record<RetrainHorizon, ErrorMetrics>;
  baselines: {model: "holtWinters" | "seasonalNaive"; horizon: string; rmse: number}[] | null;
  training: {epochsRun: number; bestEpoch: number; stoppedEarly: boolean; loss: number[]; valLoss: number[]; trainSamples: number; valSamples: number};
  ms: number;
}

export async function retrain(tf: TF, series: DailySeries, options: RetrainOptions = {}): Promise<RetrainResult> {
  const started = performance.now();
  const n = series.revenue.length;
  const features = options.features ?? FEATURES;
  const window = options.window ?? 7;
  const evalDays = options.evalDays ?? 28;
  const exogenousLead = options.exogenousLead ?? 1;
  const epochs = options.epochs ?? options.lstm?.epochs ?? FAST_LSTM.epochs;
  const seed = options.seed ?? options.lstm?.seed ?? FAST_LSTM.seed;
  if (!Number.isInteger(evalDays) || evalDays < 7 || evalDays > n - window - 21) throw new Error(`invalid evalDays: ${evalDays} (series has ${n} days, window ${window})`);
  if (!Number.isInteger(seed)) throw new Error(`invalid seed: ${seed}`);
  const evalStart = n - evalDays;
  series.revenue.forEach((v, i) => {
    // the weekday index behind every model input is multiplicative
    if (!(v > 0)) throw new Error(`revenue is ${v} on ${series.dates[i]}: the weekday index needs revenue above 0 on every day`);
  });

  const prepared = prepareFeatures(series, {features, window, exogenousLead, trainEnd: evalStart});
  const training = await trainLstm(tf, makeWindows(prepared, {to: evalStart}), {
    ...FAST_LSTM,
    ...options.lstm,
    epochs,
    seed,
    onEpoch: options.onEpoch,
    signal: options.signal
  });
  const {model} = training;
  let oneStep: number[];
  let week: number[];
  let fullStep: number[];
  try {
    const targets = Array.from({length: evalDays}, (_, i) => evalStart + i);
    oneStep = forecastOneStep(tf, model, prepared, targets);
    const origins = targets.filter((_, i) => i % 7 === 0);
    week = forecastRecursive(tf, model, prepared, origins, origins.map((o) => Math.min(7, n - o))).flat();
    fullStep = forecastRecursive(tf, model, prepared, [evalStart], evalDays)[0];
  } finally {
    model.dispose();
  }
  const actual = series.revenue.slice(evalStart);
  let baselines: RetrainResult["baselines"] = null;
  if (options.baselines ?? true) {
    const bt = await backtest(null, series, {models: ["holtWinters", "seasonalNaive"], evalDays, signal: options.signal});
    baselines = bt.forecasts.map((f) => ({model: f.model as "holtWinters" | "seasonalNaive", horizon: f.horizon, rmse: f.metrics.rmse}));
  }
  return {
    settings: {features: prepared.features, window, epochs, seed, exogenousLead, evalDays},
    evalStart: series.dates[evalStart],
    dates: series.dates.slice(evalStart, n),
    actual,
    oneStep,
    week,
    fullStep,
    metrics: {"1d": errorMetrics(actual, oneStep), "1w": errorMetrics(actual, week), "1m": errorMetrics(actual, fullStep)},
    baselines,
    training: {
      epochsRun: training.epochsRun,
      bestEpoch: training.bestEpoch,
      stoppedEarly: training.stoppedEarly,
      loss: training.loss,
      valLoss: training.valLoss,
      trainSamples: training.trainSamples,
      valSamples: training.valSamples
    },
    ms: performance.now() - started
  };
}
